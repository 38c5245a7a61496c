-- Notebook Factory registry, schema 1: stages, runs, artifacts and their versions, lineage edges,
-- metrics, tags and aliases. Times are epoch milliseconds (portable, sortable).
-- ${IDENTITY} is the dialect's auto-generated key column.

CREATE TABLE stages (
  id ${IDENTITY},
  name TEXT NOT NULL UNIQUE,
  notebook_path TEXT,
  description TEXT,
  created_at BIGINT NOT NULL
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  stage_id BIGINT NOT NULL REFERENCES stages(id),
  status TEXT NOT NULL,
  kind TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  heartbeat_at BIGINT NOT NULL,
  notebook_path TEXT,
  notebook_hash TEXT,
  java_version TEXT,
  classpath TEXT,
  git_commit TEXT,
  host TEXT,
  user_name TEXT,
  parent_run_id TEXT REFERENCES runs(id),
  schedule_name TEXT,
  fire_time BIGINT,
  error TEXT
);
CREATE INDEX runs_stage ON runs(stage_id, started_at);
CREATE INDEX runs_status ON runs(status, heartbeat_at);
CREATE INDEX runs_started ON runs(started_at);
-- At most one run of a schedule per fire time, whichever node fires it.
CREATE UNIQUE INDEX runs_schedule_fire ON runs(schedule_name, fire_time);

CREATE TABLE run_params (
  run_id TEXT NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  value TEXT,
  secret INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, name)
);

CREATE TABLE artifacts (
  id ${IDENTITY},
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE artifact_versions (
  id ${IDENTITY},
  artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
  version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  size BIGINT NOT NULL,
  media_type TEXT,
  schema_json TEXT,
  metadata_json TEXT,
  producer_run_id TEXT REFERENCES runs(id),
  created_at BIGINT NOT NULL,
  UNIQUE (artifact_id, version),
  UNIQUE (artifact_id, content_hash)
);
CREATE INDEX artifact_versions_hash ON artifact_versions(content_hash);

CREATE TABLE run_inputs (
  run_id TEXT NOT NULL REFERENCES runs(id),
  version_id BIGINT NOT NULL REFERENCES artifact_versions(id),
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, version_id)
);
CREATE INDEX run_inputs_version ON run_inputs(version_id);

CREATE TABLE run_outputs (
  run_id TEXT NOT NULL REFERENCES runs(id),
  version_id BIGINT NOT NULL REFERENCES artifact_versions(id),
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, version_id)
);
CREATE INDEX run_outputs_version ON run_outputs(version_id);

CREATE TABLE metrics (
  id ${IDENTITY},
  run_id TEXT NOT NULL REFERENCES runs(id),
  metric_key TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  step BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX metrics_run ON metrics(run_id, metric_key, step);

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs(id),
  tag_key TEXT NOT NULL,
  tag_value TEXT,
  PRIMARY KEY (run_id, tag_key)
);

CREATE TABLE version_tags (
  version_id BIGINT NOT NULL REFERENCES artifact_versions(id),
  tag_key TEXT NOT NULL,
  tag_value TEXT,
  PRIMARY KEY (version_id, tag_key)
);

CREATE TABLE aliases (
  artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
  alias TEXT NOT NULL,
  version_id BIGINT NOT NULL REFERENCES artifact_versions(id),
  updated_at BIGINT NOT NULL,
  updated_by TEXT,
  PRIMARY KEY (artifact_id, alias)
);

CREATE TABLE alias_history (
  id ${IDENTITY},
  artifact_id BIGINT NOT NULL REFERENCES artifacts(id),
  alias TEXT NOT NULL,
  from_version_id BIGINT REFERENCES artifact_versions(id),
  to_version_id BIGINT REFERENCES artifact_versions(id),
  changed_at BIGINT NOT NULL,
  changed_by TEXT
);
CREATE INDEX alias_history_alias ON alias_history(artifact_id, alias, id);
