-- Schema 7: why an alias moved (a gate's decision, a person's note), and the data checks a run
-- made: each with what it expected, what it observed, whether it passed, and whether a failure
-- fails the run (ERROR) or only warns (WARN).

ALTER TABLE alias_history ADD COLUMN reason TEXT;

CREATE TABLE run_checks (
  run_id TEXT NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  severity TEXT NOT NULL,
  passed INTEGER NOT NULL,
  expected TEXT,
  observed TEXT,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, position)
);
