-- Schema 11: what the runs table and the compare page read, fast at 100,000 runs.
--
-- latest_metrics keeps each run's latest value of each metric key: the highest step, and of
-- several values at that step the one recorded last (Metric.last). Logging a metric updates it in
-- the same transaction, so sorting runs by a metric reads one index in order instead of every
-- metric row. Its index holds run_id too, so such a sort reads no table rows.
CREATE TABLE latest_metrics (
  run_id TEXT NOT NULL REFERENCES runs(id),
  metric_key TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  step BIGINT NOT NULL,
  PRIMARY KEY (run_id, metric_key)
);
CREATE INDEX latest_metrics_value ON latest_metrics(metric_key, value, run_id);

INSERT INTO latest_metrics (run_id, metric_key, value, step)
SELECT run_id, metric_key, value, step FROM (
  SELECT run_id, metric_key, value, step,
    ROW_NUMBER() OVER (PARTITION BY run_id, metric_key ORDER BY step DESC, id DESC) AS n
  FROM metrics
) ranked
WHERE n = 1;

-- The column picker lists parameter names without reading every run's parameters. Names only:
-- a value may be longer than PostgreSQL lets an index entry be.
CREATE INDEX run_params_name ON run_params(name);
