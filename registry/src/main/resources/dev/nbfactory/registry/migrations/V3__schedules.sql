-- Schema 3: promoted notebooks. A schedule pins a notebook's bytes (an object in the artifact
-- store, so later edits change nothing until it is promoted again), the cron or artifact trigger
-- that fires it, its parameters and its policies; schedule_events keeps who promoted, paused,
-- resumed or deleted it and when, and which firings a policy skipped.

CREATE TABLE schedules (
  name TEXT PRIMARY KEY,
  notebook_path TEXT NOT NULL,
  notebook_file TEXT NOT NULL,
  notebook_object TEXT NOT NULL,
  notebook_hash TEXT,
  cron TEXT,
  time_zone TEXT NOT NULL,
  on_new TEXT,
  parameters_json TEXT NOT NULL,
  misfire TEXT NOT NULL,
  concurrency TEXT NOT NULL,
  retries INTEGER NOT NULL,
  retry_delay_ms BIGINT NOT NULL,
  timeout_ms BIGINT,
  on_failure TEXT,
  paused INTEGER NOT NULL DEFAULT 0,
  promoted_by TEXT NOT NULL,
  promoted_at BIGINT NOT NULL,
  promotion INTEGER NOT NULL,
  last_fire_at BIGINT,
  last_seen_version BIGINT,
  updated_at BIGINT NOT NULL
);

CREATE TABLE schedule_events (
  id ${IDENTITY},
  schedule_name TEXT NOT NULL,
  event TEXT NOT NULL,
  at BIGINT NOT NULL,
  by_user TEXT,
  detail TEXT
);
CREATE INDEX schedule_events_name ON schedule_events(schedule_name, id);
CREATE INDEX runs_schedule_started ON runs(schedule_name, started_at);
