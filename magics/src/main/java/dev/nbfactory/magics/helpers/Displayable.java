package dev.nbfactory.magics.helpers;

import dev.nbfactory.magics.magic.Html;
import dev.nbfactory.magics.magic.MimeBundle;
import java.util.List;

/**
 * A helper's result that shows itself as a cell's value: the kernel renders {@link #mimeBundle()}
 * (an HTML table, with a text fallback that is also its {@code toString()}).
 */
public interface Displayable {
  MimeBundle mimeBundle();

  /** A table as both HTML and aligned text: what most helpers show. */
  static MimeBundle table(List<String> header, List<List<String>> rows) {
    return MimeBundle.html(Html.table(header, rows), Html.text(header, rows));
  }
}
