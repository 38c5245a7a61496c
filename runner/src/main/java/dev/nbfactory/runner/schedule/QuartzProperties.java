package dev.nbfactory.runner.schedule;

import java.util.Properties;

/** How Quartz is set up for a scheduler node. */
final class QuartzProperties {
  private QuartzProperties() {}

  /** For a node on its own (memory) or in a PostgreSQL cluster (the registry's database). */
  static Properties of(SchedulerSettings settings, boolean clustered, String jdbcUrl) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "factory");
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threads()));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold", Long.toString(settings.tolerance().toMillis()));
    if (clustered) {
      p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
      p.setProperty(
          "org.quartz.jobStore.driverDelegateClass",
          "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
      p.setProperty("org.quartz.jobStore.dataSource", "registry");
      p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
      p.setProperty("org.quartz.jobStore.isClustered", "true");
      p.setProperty(
          "org.quartz.jobStore.clusterCheckinInterval",
          Long.toString(settings.checkin().toMillis()));
      p.setProperty("org.quartz.jobStore.useProperties", "true");
      p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
      p.setProperty(
          "org.quartz.dataSource.registry.connectionProvider.class",
          QuartzConnections.class.getName());
      p.setProperty("org.quartz.dataSource.registry.url", jdbcUrl);
    } else {
      p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    }
    return p;
  }
}
