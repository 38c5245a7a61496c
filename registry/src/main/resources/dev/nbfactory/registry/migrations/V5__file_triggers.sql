-- Schema 5: schedules fired by files landing. on_new_file is an absolute glob (such as
-- /data/incoming/*.csv); schedule_files keeps the content hash of each matching file the schedule
-- has seen, so a new or changed file fires it once, whichever scheduler node sees it first.

ALTER TABLE schedules ADD COLUMN on_new_file TEXT;

CREATE TABLE schedule_files (
  schedule_name TEXT NOT NULL,
  path TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (schedule_name, path)
);
