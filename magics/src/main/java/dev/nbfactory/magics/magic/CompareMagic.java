package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code %compare RUN RUN [RUN...] [--all]}: 2 to 20 runs side by side, with their chart. */
public final class CompareMagic implements FactoryMagic {
  private static final String DIFFERS = " style=\"background:#fef9c3;font-weight:600\"";

  private final Supplier<FactorySession> session;

  public CompareMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String usage() {
    return "%compare RUN RUN [RUN...] [--all]";
  }

  @Override
  public String help() {
    return "Shows 2 to 20 runs (ids or 4+ character prefixes) side by side: the parameters and"
        + " latest metric values that differ (every one with --all), highlighted, and a"
        + " parallel-coordinates chart of the numeric ones. 'factory compare' prints the same.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed =
        MagicArgs.parse(this, args, Set.of(), Set.of("all")).expect(2, Integer.MAX_VALUE);
    RunComparison whole = session.get().registry().queries().compare(parsed.positional());
    RunComparison shown = parsed.flag("all") ? whole : whole.differing();
    List<String> header = new ArrayList<>(List.of(""));
    whole.runs().forEach(r -> header.add(r.shortId() + " " + r.stage()));
    List<List<String>> rows = new ArrayList<>();
    StringBuilder html =
        new StringBuilder("<div class=\"factory-compare\">\n<table class=\"factory\">");
    html.append("<thead><tr>");
    header.forEach(h -> html.append("<th>").append(Html.escape(h)).append("</th>"));
    html.append("</tr></thead>\n<tbody>\n");
    List<String> status = new ArrayList<>(List.of("status"));
    whole
        .runs()
        .forEach((Run r) -> status.add(r.status().name().toLowerCase(java.util.Locale.ROOT)));
    row(html, rows, status, false);
    add(html, rows, "", shown.parameters(), v -> v);
    add(html, rows, "metric ", shown.metrics(), Html::number);
    html.append("</tbody>\n</table>\n");
    if (shown.parameters().isEmpty() && shown.metrics().isEmpty()) {
      html.append("<p>no parameter or metric differs</p>\n");
    }
    html.append(ParallelCoordinates.svg(whole)).append("</div>");
    return MimeBundle.html(html.toString(), Html.text(header, rows));
  }

  private static <T> void add(
      StringBuilder html,
      List<List<String>> rows,
      String prefix,
      List<RunComparison.Row<T>> shown,
      Function<T, String> text) {
    for (RunComparison.Row<T> r : shown) {
      List<String> cells = new ArrayList<>(List.of(prefix + r.name()));
      r.values().forEach(v -> cells.add(v == null ? "-" : text.apply(v)));
      row(html, rows, cells, r.differs());
    }
  }

  private static void row(
      StringBuilder html, List<List<String>> rows, List<String> cells, boolean differs) {
    rows.add(cells);
    html.append("<tr><th>").append(Html.escape(cells.get(0))).append("</th>");
    for (String cell : cells.subList(1, cells.size())) {
      html.append("<td")
          .append(differs ? DIFFERS : "")
          .append('>')
          .append(Html.escape(cell))
          .append("</td>");
    }
    html.append("</tr>\n");
  }
}
