"""Loads an exported DAG file and renders its templated fields as Airflow does, with real Jinja.

Airflow itself is not packaged for Debian, so its three names the DAG imports (DAG, BashOperator,
pendulum.datetime) are stand-ins that only record what the file passes them. What is tested is the
rendering: BashOperator's templated fields (bash_command, env) go through jinja2 with the context
Airflow gives (ts_nodash, data_interval_end, params), then the command runs in bash with a
'factory' on PATH that prints its arguments and two variables, one per line, as it got them.

Usage: render_airflow_dag.py DAG_FILE WORK_DIR [VARIABLES_JSON]; prints JSON {"argv": [...],
"contract": "...", "env": {...}}, the Airflow Variables (var.value.NAME) taken from VARIABLES_JSON.
"""
import datetime
import json
import os
import subprocess
import sys
import types

import jinja2

captured = {}


class DAG:
    def __init__(self, **kwargs):
        captured["dag"] = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class BashOperator:
    template_fields = ("bash_command", "env")

    def __init__(self, **kwargs):
        captured["operator"] = kwargs


airflow = types.ModuleType("airflow")
airflow.DAG = DAG
operators = types.ModuleType("airflow.operators")
bash = types.ModuleType("airflow.operators.bash")
bash.BashOperator = BashOperator
pendulum = types.ModuleType("pendulum")
pendulum.datetime = lambda *a, **k: datetime.datetime(*a)
sys.modules.update(
    {"airflow": airflow, "airflow.operators": operators, "airflow.operators.bash": bash,
     "pendulum": pendulum})

dag_file, work = sys.argv[1], sys.argv[2]
variables = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
exec(compile(open(dag_file, encoding="utf-8").read(), dag_file, "exec"), {"__name__": "dag"})
op = captured["operator"]

# Airflow's template environment: no autoescape, values inserted as text, rendered once.
env = jinja2.Environment(undefined=jinja2.StrictUndefined)
context = {
    "ts_nodash": "20261207T060000",
    "data_interval_end": datetime.datetime(2026, 12, 7, 6, 0, tzinfo=datetime.timezone.utc),
    "params": op["params"],
    "var": {"value": variables},
}
command = env.from_string(op["bash_command"]).render(**context)
rendered_env = {k: env.from_string(v).render(**context) for k, v in op["env"].items()}

bin_dir = os.path.join(work, "bin")
os.makedirs(bin_dir, exist_ok=True)
fake = os.path.join(bin_dir, "factory")
with open(fake, "w") as f:
    f.write('#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done\n')
os.chmod(fake, 0o755)
run_env = dict(os.environ)
run_env.update(rendered_env)
run_env["PATH"] = bin_dir + os.pathsep + run_env["PATH"]
out = subprocess.run(["bash", "-c", command], env=run_env, capture_output=True, check=True).stdout
argv = out.decode("utf-8").split("\0")[:-1]
print(json.dumps({"argv": argv, "contract": rendered_env["FACTORY_RUN_CONTRACT"],
                  "env": rendered_env}))
