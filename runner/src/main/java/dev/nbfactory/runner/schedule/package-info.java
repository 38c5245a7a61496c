/**
 * Scheduled runs: the scheduler node (Quartz; clustered through PostgreSQL), the child {@code
 * factory run} of each firing with its retries, timeout and failure command, the catch-up plan
 * after a downtime, and exports to Kubernetes CronJobs and Airflow DAGs.
 */
package dev.nbfactory.runner.schedule;
