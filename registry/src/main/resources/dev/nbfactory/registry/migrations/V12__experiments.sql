-- Schema 12: experiments, the members of a parameter grid run over a pipeline.
--
-- An experiment is named; running a grid under the same name again replaces its grid and members
-- (their earlier runs stay in runs). grid holds the grid as JSON (its axes and every member's
-- parameters); a member's parameters are JSON too (STAGE.NAME to the value as given), and runs
-- maps each stage to the run that made it (its own, a shared one, or an earlier up-to-date one).
-- A schedule of a pipeline may hold a grid (JSON of the --grid values, the pinned --grid-file text
-- and --promote-best of 'factory promote DIR'), so that a nightly sweep is one promotion.
CREATE TABLE experiments (
  name TEXT PRIMARY KEY,
  pipeline TEXT NOT NULL,
  grid TEXT NOT NULL,
  pipeline_run TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT
);

CREATE TABLE experiment_members (
  experiment TEXT NOT NULL REFERENCES experiments(name),
  member INTEGER NOT NULL,
  parameters TEXT NOT NULL,
  runs TEXT,
  status TEXT NOT NULL,
  PRIMARY KEY (experiment, member)
);

ALTER TABLE schedules ADD COLUMN grid TEXT;
