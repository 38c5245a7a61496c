package dev.nbfactory.web.ui;

import dev.nbfactory.magics.schedule.CronSchedule;
import dev.nbfactory.magics.schedule.DurationText;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.ScheduleEvent;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * Schedules: each one's trigger, next firings, policies and state; its history, with each firing's
 * run and outcome; and pause and resume, recorded as the command line records them.
 */
final class SchedulesPage {
  private static final int HISTORY = 50;

  private final Registry registry;
  private final Forms forms;

  SchedulesPage(Registry registry, Forms forms) {
    this.registry = registry;
    this.forms = forms;
  }

  void list(Context ctx) {
    List<Schedule> all = registry.schedules().list();
    Instant now = registry.clock().instant();
    StringBuilder out = new StringBuilder(8192);
    if (all.isEmpty()) {
      out.append("<p class=\"none\">no schedules yet: 'factory promote NOTEBOOK --cron EXPR'")
          .append(" makes one</p>");
    } else {
      out.append("<table class=\"grid\"><thead><tr><th>schedule</th><th>trigger</th>")
          .append("<th>state</th><th>next</th><th>last run</th></tr></thead><tbody>");
      for (Schedule s : all) {
        List<Run> last = registry.schedules().history(s.name(), 1);
        out.append("<tr><td><a href=\"/schedules/")
            .append(Html.url(s.name()))
            .append("\">")
            .append(Html.text(s.name()))
            .append("</a></td><td>")
            .append(Html.text(s.trigger()))
            .append("</td><td>")
            .append(state(s))
            .append("</td><td>")
            .append(next(s, now, 1))
            .append("</td><td>")
            .append(
                last.isEmpty()
                    ? "-"
                    : Fmt.runLink(last.get(0)) + " " + Fmt.status(last.get(0).status()))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    ctx.html(Layout.page("Schedules", "Schedules", out.toString()));
  }

  void handle(Context ctx) {
    Schedule s = registry.schedules().get(ctx.pathParam("name"));
    Instant now = registry.clock().instant();
    String path = "/schedules/" + Html.url(s.name());
    StringBuilder out = new StringBuilder(8192);
    out.append("<p>")
        .append(state(s))
        .append(' ')
        .append(
            s.paused()
                ? forms.button(path + "/resume", "Resume")
                : forms.button(path + "/pause", "Pause"))
        .append("</p><table class=\"fields\"><tbody>");
    RunPage.field(out, "trigger", Html.text(s.trigger()));
    RunPage.field(out, "next firings", next(s, now, 3));
    RunPage.field(out, s.pipeline() ? "pipeline" : "notebook", Html.text(s.notebookPath()));
    RunPage.field(
        out, "parameters", s.parameters().isEmpty() ? "-" : Html.text(s.shownParameters()));
    RunPage.field(out, "misfire", Fmt.lower(s.misfire()));
    RunPage.field(out, "concurrency", Fmt.lower(s.concurrency()));
    RunPage.field(
        out,
        "retries",
        s.retries() + " (first delay " + Html.text(DurationText.format(s.retryDelay())) + ")");
    RunPage.field(
        out, "timeout", s.timeout() == null ? "none" : Html.text(DurationText.format(s.timeout())));
    RunPage.field(out, "on failure", Html.text(s.onFailure()));
    RunPage.field(
        out,
        "promoted",
        "by "
            + Html.text(s.promotedBy())
            + " at "
            + Fmt.time(s.promotedAt())
            + " (promotion "
            + s.promotion()
            + ")");
    out.append("</tbody></table>");
    RunPage.section(out, "History");
    List<Run> history = registry.schedules().history(s.name(), HISTORY);
    if (history.isEmpty()) {
      out.append("<p class=\"none\">not fired yet</p>");
    } else {
      out.append("<table class=\"grid\"><thead><tr><th>due</th><th>run</th><th>status</th>")
          .append("<th>started</th><th>duration</th></tr></thead><tbody>");
      for (Run r : history) {
        out.append("<tr")
            .append(Fmt.failed(r.status()) ? " class=\"failed\"" : "")
            .append("><td>")
            .append(Fmt.time(r.nominalTime()))
            .append("</td><td>")
            .append(Fmt.runLink(r))
            .append("</td><td>")
            .append(Fmt.status(r.status()))
            .append("</td><td>")
            .append(Fmt.time(r.startedAt()))
            .append("</td><td>")
            .append(Fmt.duration(r.duration(now)))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    RunPage.section(out, "Events");
    out.append("<table class=\"grid\"><thead><tr><th>when</th><th>event</th><th>by</th>")
        .append("<th>detail</th></tr></thead><tbody>");
    for (ScheduleEvent e : registry.schedules().events(s.name(), HISTORY)) {
      out.append("<tr><td>")
          .append(Fmt.time(e.at()))
          .append("</td><td>")
          .append(Html.text(e.event()))
          .append("</td><td>")
          .append(Html.text(e.user()))
          .append("</td><td>")
          .append(Html.text(e.detail()))
          .append("</td></tr>");
    }
    out.append("</tbody></table>");
    ctx.html(Layout.page("Schedule " + s.name(), "Schedules", out.toString()));
  }

  /** POST pause or resume: recorded with who did it, then back to the schedule. */
  void act(Context ctx) {
    forms.check(ctx);
    String name = ctx.pathParam("name");
    switch (ctx.pathParam("action")) {
      case "pause" -> registry.schedules().pause(name, forms.user());
      case "resume" -> registry.schedules().resume(name, forms.user());
      default -> throw new InvalidInputException("a schedule can be paused or resumed here");
    }
    ctx.redirect("/schedules/" + Html.url(name));
  }

  private static String state(Schedule s) {
    return s.paused()
        ? "<span class=\"state paused\">paused</span>"
        : "<span class=\"state active\">active</span>";
  }

  private static String next(Schedule s, Instant now, int n) {
    if (s.paused()) {
      return "- (paused)";
    }
    if (s.cron() == null) {
      return "on its trigger";
    }
    List<Instant> fires = CronSchedule.parse(s.cron(), s.timeZone()).next(now, n);
    return String.join(", ", fires.stream().map(Fmt::time).toList());
  }
}
