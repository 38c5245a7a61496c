package dev.nbfactory.runner.schedule;

import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;

/**
 * The Quartz job of one schedule: hands the firing to the node. A recovering execution (Quartz
 * re-fires the job of a node that died while running it) carries the original fire time.
 */
public class FiringJob implements Job {
  static final String SCHEDULE = "schedule";
  static final String FIRE = "fire";
  static final String FINGERPRINT = "fingerprint";

  private final SchedulerNode node;

  FiringJob(SchedulerNode node) {
    this.node = node;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    String name = context.getJobDetail().getJobDataMap().getString(SCHEDULE);
    try {
      if (context.isRecovering()) {
        String original =
            context
                .getMergedJobDataMap()
                .getString(
                    Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
        node.recover(name, Instant.ofEpochMilli(Long.parseLong(original)));
      } else {
        node.fired(name, Instant.parse(context.getTrigger().getJobDataMap().getString(FIRE)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      node.report(name, e);
    }
  }

  /** The job of a schedule whose runs must never overlap, on any node of a cluster. */
  @org.quartz.DisallowConcurrentExecution
  public static final class Exclusive extends FiringJob {
    Exclusive(SchedulerNode node) {
      super(node);
    }
  }
}
