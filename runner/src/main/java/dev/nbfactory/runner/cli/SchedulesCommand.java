package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.magics.schedule.CronSchedule;
import dev.nbfactory.magics.schedule.DurationText;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.ScheduleEvent;
import dev.nbfactory.registry.Schedules;
import dev.nbfactory.runner.schedule.FiringRunner;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code factory schedules}: the promoted notebooks, and what was done to and with them. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = "List, show, pause, resume, trigger, delete schedules and show their history.",
    subcommands = {
      SchedulesCommand.ListCommand.class,
      SchedulesCommand.ShowCommand.class,
      SchedulesCommand.PauseCommand.class,
      SchedulesCommand.ResumeCommand.class,
      SchedulesCommand.TriggerCommand.class,
      SchedulesCommand.DeleteCommand.class,
      SchedulesCommand.HistoryCommand.class
    })
final class SchedulesCommand implements Callable<Integer> {
  private final CliContext context;
  @Spec private CommandSpec spec;

  SchedulesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return spec.exitCodeOnInvalidInput();
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static Optional<Instant> next(Schedule s, Instant now) {
    if (s.cron() == null || s.paused()) {
      return Optional.empty();
    }
    return Optional.ofNullable(CronSchedule.parse(s.cron(), s.timeZone()).nextAfter(now));
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the schedules.")
  static final class ListCommand extends RegistryCommand {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    ListCommand(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      List<Schedule> all = registry.schedules().list();
      Instant now = context.clock().instant();
      if (json) {
        ArrayNode array = JsonOutput.array();
        for (Schedule s : all) {
          ObjectNode o = array.addObject();
          o.put("name", s.name())
              .put("cron", s.cron())
              .put("timeZone", s.timeZone())
              .put("onNew", s.onNew())
              .put("onNewFile", s.onNewFile())
              .put("onMetric", s.metric() == null ? null : s.metric().onMetric())
              .put("onDrift", s.metric() == null ? null : s.metric().onDrift())
              .put("paused", s.paused())
              .put("next", next(s, now).map(JsonOutput::time).orElse(null))
              .put("promotedBy", s.promotedBy())
              .put("promotedAt", JsonOutput.time(s.promotedAt()));
        }
        JsonOutput.print(context.out(), array);
        return 0;
      }
      if (all.isEmpty()) {
        context.out().println("no schedules yet: 'factory promote NOTEBOOK --cron EXPR' makes one");
        return 0;
      }
      TextTable table =
          TextTable.withHeaders("NAME", "TRIGGER", "STATE", "NEXT", "LAST RUN", "PROMOTED BY");
      for (Schedule s : all) {
        List<Run> last = registry.schedules().history(s.name(), 1);
        table.add(
            s.name(),
            s.trigger(),
            s.paused() ? "paused" : "active",
            next(s, now).map(Format::instant).orElse("-"),
            last.isEmpty()
                ? "-"
                : lower(last.get(0).status()) + " " + Format.ago(last.get(0).startedAt(), now),
            s.promotedBy() + " " + Format.ago(s.promotedAt(), now));
      }
      table.print(context.out());
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one schedule.")
  static final class ShowCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    ShowCommand(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      Schedule s = registry.schedules().get(name);
      Instant now = context.clock().instant();
      TextTable t = TextTable.withoutHeaders(2);
      t.add("name", s.name());
      t.add("state", s.paused() ? "paused" : "active");
      if (s.pipeline()) {
        t.add("pipeline", s.notebookPath());
        t.add("pinned", String.join(", ", s.stageNotebooks().keySet()));
        t.add("from stage", s.pipelineFrom() == null ? "- (the whole pipeline)" : s.pipelineFrom());
      } else {
        t.add("notebook", s.notebookPath());
        t.add(
            "pinned",
            "object " + s.notebookObject() + " (code " + Format.prefix(s.notebookHash(), 12) + ")");
      }
      t.add("cron", s.cron() == null ? "-" : s.cron() + " in " + s.timeZone());
      t.add("on new version of", s.onNew());
      t.add("on new file", s.onNewFile());
      if (s.metric() != null) {
        t.add("on metric", s.metric().onMetric());
        t.add("on drift", s.metric().onDrift());
        t.add(
            "metric firings",
            "at most once per "
                + DurationText.format(s.metric().cooldown())
                + ", on "
                + s.metric().minEvidence()
                + " outcomes (decisions, for drift) or more; last "
                + registry
                    .schedules()
                    .lastMetricFiring(name)
                    .map(Instant::toString)
                    .orElse("never"));
      }
      if (s.cron() != null && !s.paused()) {
        List<Instant> fires = CronSchedule.parse(s.cron(), s.timeZone()).next(now, 3);
        t.add("next", String.join(", ", fires.stream().map(Format::instant).toList()));
      }
      t.add("parameters", s.parameters().isEmpty() ? "-" : s.shownParameters().toString());
      t.add("misfire", lower(s.misfire()));
      t.add("concurrency", lower(s.concurrency()));
      t.add("retries", s.retries() + " (first delay " + DurationText.format(s.retryDelay()) + ")");
      t.add("timeout", DurationText.format(s.timeout()));
      t.add("on failure", s.onFailure());
      t.add(
          "promoted",
          "by " + s.promotedBy() + " at " + s.promotedAt() + " (promotion " + s.promotion() + ")");
      t.add("handled up to", s.lastFireAt() == null ? "-" : s.lastFireAt().toString());
      t.print(context.out());
      List<ScheduleEvent> events = registry.schedules().events(name, 5);
      if (!events.isEmpty()) {
        context.out().println();
        context.out().println("recent events:");
        for (ScheduleEvent e : events) {
          context
              .out()
              .printf(
                  "  %s %s%s%s%n",
                  e.at(),
                  e.event(),
                  e.user() == null ? "" : " by " + e.user(),
                  e.detail() == null ? "" : ": " + e.detail());
        }
      }
      return 0;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop firing a schedule.")
  static final class PauseCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    PauseCommand(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      registry.schedules().pause(name, context.user());
      context
          .out()
          .println("paused '" + name + "'; 'factory schedules resume " + name + "' resumes it");
      return 0;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Fire a paused schedule again; what was missed while paused is not caught up.")
  static final class ResumeCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    ResumeCommand(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      Schedule s = registry.schedules().resume(name, context.user());
      context
          .out()
          .println(
              "resumed '"
                  + name
                  + "'"
                  + next(s, context.clock().instant()).map(t -> "; next firing " + t).orElse(""));
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a schedule; its runs and events stay on record.")
  static final class DeleteCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    DeleteCommand(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      registry.schedules().delete(name, context.user());
      context.out().println("deleted '" + name + "'");
      return 0;
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "The runs a schedule fired, newest first, with skipped firings.")
  static final class HistoryCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--limit", defaultValue = "20", description = "How many runs (default 20).")
    int limit;

    HistoryCommand(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      registry.schedules().get(name);
      Instant now = context.clock().instant();
      List<Run> runs = registry.schedules().history(name, limit);
      if (runs.isEmpty()) {
        context.out().println("'" + name + "' has not run yet");
      } else {
        TextTable table =
            TextTable.withHeaders(
                "RUN", "FIRE TIME", "STATUS", "ATTEMPT OF", "STARTED", "DURATION", "ERROR");
        for (Run r : runs) {
          table.add(
              r.shortId(),
              r.fireTime() == null ? "(retry)" : r.fireTime().toString(),
              lower(r.status()),
              r.parentRunId() == null ? "-" : Format.prefix(r.parentRunId(), 8),
              Format.ago(r.startedAt(), now),
              Format.duration(r.duration(now)),
              r.error() == null ? "" : Format.prefix(Format.oneLine(r.error()), 60));
        }
        table.print(context.out());
      }
      List<ScheduleEvent> skipped =
          registry.schedules().events(name, 50).stream()
              .filter(e -> e.event().equals(Schedules.SKIPPED))
              .limit(5)
              .toList();
      for (ScheduleEvent e : skipped) {
        context.out().println("skipped at " + e.at() + ": " + e.detail());
      }
      return 0;
    }
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      description = {
        "Run a schedule now, in this process, as a scheduler would (retries, timeout, failure",
        "command), recorded as a SCHEDULED run fired now."
      })
  static final class TriggerCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    TriggerCommand(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) throws InterruptedException {
      Schedule s = registry.schedules().get(name);
      registry.schedules().event(name, Schedules.TRIGGERED, context.user(), null);
      FiringRunner runner =
          new FiringRunner(registry, SchedulerCommand.settings(context, null), context.err());
      Instant fire = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
      Optional<FiringRunner.Attempt> last = runner.fire(s, fire, null, "manual");
      if (last.isEmpty()) {
        return 1;
      }
      context
          .out()
          .println(
              name
                  + ": run "
                  + (last.get().runId() == null ? "-" : last.get().runId().substring(0, 8))
                  + " "
                  + lower(last.get().status()));
      return last.get().status() == dev.nbfactory.registry.RunStatus.SUCCEEDED ? 0 : 1;
    }
  }
}
