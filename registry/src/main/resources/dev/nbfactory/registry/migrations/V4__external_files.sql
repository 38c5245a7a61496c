-- Schema 4: raw files as inputs. A version of an external artifact (a file or folder a stage read
-- from outside the factory) may keep only its hash and location (stored = 0): its bytes stay where
-- they are, so verify and gc do not look for them in the artifact store. file_fingerprints keeps
-- each file's hash with what the file system said of the file when it was hashed, per host, so the
-- up-to-date check re-hashes only files that changed since.

ALTER TABLE artifact_versions ADD COLUMN stored INTEGER NOT NULL DEFAULT 1;

CREATE TABLE file_fingerprints (
  host TEXT NOT NULL,
  path TEXT NOT NULL,
  size BIGINT NOT NULL,
  modified_ns BIGINT NOT NULL,
  changed_ns BIGINT NOT NULL,
  file_key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  hashed_at_ns BIGINT NOT NULL,
  PRIMARY KEY (host, path)
);
