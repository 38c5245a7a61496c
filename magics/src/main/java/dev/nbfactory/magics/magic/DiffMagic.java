package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.RunDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %diff RUN1 RUN2}: what differs between two runs. */
public final class DiffMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;

  public DiffMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "diff";
  }

  @Override
  public String usage() {
    return "%diff RUN1 RUN2";
  }

  @Override
  public String help() {
    return "Compares two runs (ids or 4+ character prefixes): parameters, inputs, outputs and"
        + " last metric values that differ.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of(), Set.of()).expect(2, 2);
    RunDiff diff =
        session.get().registry().diff(parsed.positional().get(0), parsed.positional().get(1));
    String title =
        "run "
            + diff.left().shortId()
            + " ("
            + diff.left().stage()
            + ", "
            + diff.left().status()
            + ") vs run "
            + diff.right().shortId()
            + " ("
            + diff.right().stage()
            + ", "
            + diff.right().status()
            + ")";
    StringBuilder html = new StringBuilder("<div class=\"factory-diff\">\n<p><b>");
    html.append(Html.escape(title)).append("</b></p>\n");
    StringBuilder text = new StringBuilder(title).append('\n');
    if (diff.isEmpty()) {
      html.append("<p>no differences</p>\n");
      text.append("no differences\n");
    }
    section(html, text, "parameters", diff.parameters(), diff);
    section(html, text, "inputs", diff.inputs(), diff);
    section(html, text, "outputs", diff.outputs(), diff);
    section(html, text, "metrics", diff.metrics(), diff);
    html.append("</div>");
    return MimeBundle.html(html.toString(), text.toString().stripTrailing());
  }

  private static void section(
      StringBuilder html,
      StringBuilder text,
      String name,
      List<RunDiff.Change> changes,
      RunDiff d) {
    if (changes.isEmpty()) {
      return;
    }
    List<String> header = List.of(name, d.left().shortId(), d.right().shortId());
    List<List<String>> rows = new ArrayList<>();
    for (RunDiff.Change c : changes) {
      rows.add(
          List.of(c.key(), c.left() == null ? "-" : c.left(), c.right() == null ? "-" : c.right()));
    }
    html.append("<h4>").append(Html.escape(name)).append("</h4>\n");
    html.append(Html.table(header, rows)).append('\n');
    text.append('\n').append(Html.text(header, rows)).append('\n');
  }
}
