-- Schema 2: lineage walks look edges up by version and need their run; indexes that hold both
-- answer without reading the table rows.

CREATE INDEX run_outputs_version_run ON run_outputs(version_id, run_id);
CREATE INDEX run_inputs_version_run ON run_inputs(version_id, run_id);
DROP INDEX run_outputs_version;
DROP INDEX run_inputs_version;
