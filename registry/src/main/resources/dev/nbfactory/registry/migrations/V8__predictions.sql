-- Schema 8: the prediction log of `factory serve`, and the outcomes that come back for it.
--
-- A request the server answers is one production row whose id is the request's id, the one the
-- client receives; each shadow model that scored the same request adds a row with its own id
-- (the request's id, '/shadow/', the model and version) and the same request_id. Feedback names
-- the request's id and joins every row of that request, production and shadow, through
-- request_id; it lives here, not in a server's memory, so any replica may take it, days later.
--
-- sealed_in is the dataset version (NAME.predictions, NAME.feedback) that took the row, once a
-- sealer has: rows are marked one by one rather than by a time watermark, so a row that commits
-- late with an earlier made_at is sealed next time instead of never.

CREATE TABLE predictions (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs(id),
  model_name TEXT NOT NULL,
  model_version INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('production', 'shadow')),
  made_at BIGINT NOT NULL,
  features TEXT,
  output TEXT NOT NULL,
  scores TEXT,
  sealed_in BIGINT REFERENCES artifact_versions(id)
);
-- Feedback joins every role of a request.
CREATE INDEX predictions_request ON predictions(request_id);
-- What a sealer reads: a model's unsealed rows in time order; sealed rows leave the index.
CREATE INDEX predictions_unsealed ON predictions(model_name, made_at, id) WHERE sealed_in IS NULL;

-- One outcome per request: the first one stands, a re-send changes nothing (see Predictions).
CREATE TABLE feedback (
  prediction_id TEXT PRIMARY KEY REFERENCES predictions(id),
  actual TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  sealed_in BIGINT REFERENCES artifact_versions(id)
);
-- Live accuracy reads the newest outcomes; a sealer reads the unsealed ones in arrival order.
CREATE INDEX feedback_received ON feedback(received_at);
