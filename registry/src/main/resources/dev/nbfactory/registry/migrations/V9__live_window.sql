-- Schema 9: what a watched model version's live figures read.
--
-- A serving run measures the version it serves over its newest decisions (class shares, input
-- drift) and over the newest outcomes of that version (live accuracy). Both windows walk one
-- version's rows of one role, newest first.
CREATE INDEX predictions_version ON predictions(model_name, model_version, role, made_at);
