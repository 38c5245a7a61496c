-- Schema 6: the time a run was due. fire_time stays the claim (one run per schedule firing, by its
-- unique index); a retry does not claim the firing again, yet it was due at the same time, and
-- lineage consumers (OpenLineage's nominalTime facet) group the attempts by it.

ALTER TABLE runs ADD COLUMN nominal_time BIGINT;

UPDATE runs SET nominal_time = fire_time WHERE fire_time IS NOT NULL;
