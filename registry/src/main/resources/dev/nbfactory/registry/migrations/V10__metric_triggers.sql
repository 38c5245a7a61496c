-- Schema 10: schedules fired by a served model's live figures, and schedules of a whole pipeline.
--
-- on_metric and on_drift hold a condition as promotion normalized it
-- (cancer-model@production:live_accuracy < 0.92); either one holding fires the schedule, at most
-- once per cooldown_ms, and only on min_evidence outcomes (or decisions, for drift) or more.
-- last_metric_fire_at is claimed in one UPDATE, so two scheduler nodes, or one restarted, fire a
-- condition once per cooldown. A pipeline schedule pins each of its stage notebooks (one row of
-- schedule_notebooks each, which gc keeps) and may start from one stage (pipeline_from).
ALTER TABLE schedules ADD COLUMN on_metric TEXT;
ALTER TABLE schedules ADD COLUMN on_drift TEXT;
ALTER TABLE schedules ADD COLUMN cooldown_ms BIGINT;
ALTER TABLE schedules ADD COLUMN min_evidence INTEGER;
ALTER TABLE schedules ADD COLUMN last_metric_fire_at BIGINT;
ALTER TABLE schedules ADD COLUMN pipeline_from TEXT;

CREATE TABLE schedule_notebooks (
  schedule_name TEXT NOT NULL,
  file TEXT NOT NULL,
  notebook_object TEXT NOT NULL,
  PRIMARY KEY (schedule_name, file)
);
