#!/usr/bin/python3
"""Whole-process time of a headless notebook run: `factory run` against
`jupyter nbconvert --to notebook --execute` of the same notebook with the same kernel.

Two notebooks: one cell (`1 + 1`), and twenty cells of light work (declarations, a loop, a
Tablesaw table, printing). Each is run --runs times by each tool, alternating; the script prints
medians, minimums and the ratio of the medians, factory / nbconvert.

Usage: /usr/bin/python3 bench/run/run_bench.py [--runs N]
It installs the kernel spec into a scratch JUPYTER_PATH with `bin/factory kernel install --prefix`,
so both tools run the same kernel on the same Java: the one bin/factory picks
(FACTORY_JAVA_HOME, else JAVA_HOME, else the PATH's).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACTORY = ROOT / "bin" / "factory"


def notebook(cells):
    return {
        "cells": [
            {"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
             "outputs": [], "source": src}
            for i, src in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"name": "factory-java", "display_name": "Java (Factory)",
                                    "language": "java"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


ONE = ["1 + 1"]
TWENTY = (
    ["int n = 1000;", "long total = 0;", "for (int i = 0; i < n; i++) total += i;", "total"]
    + ["import tech.tablesaw.api.*;",
       "Table t = Table.create(\"t\", IntColumn.create(\"a\", 1, 2, 3));", "t.rowCount()"]
    + [f"String s{i} = \"cell {i}\";\nSystem.out.println(s{i});" for i in range(10)]
    + ["var list = java.util.List.of(1, 2, 3);", "list.stream().mapToInt(x -> x).sum()",
       "record P(int x, int y) {}", "new P(1, 2)"]
)


def timed(cmd, cwd, env):
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout}\n{done.stderr}")
    return seconds


def java_of_factory(env):
    """The Java bin/factory runs on, as it chooses it (FACTORY_JAVA_HOME, JAVA_HOME, PATH)."""
    home = env.get("FACTORY_JAVA_HOME") or env.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else "java"
    done = subprocess.run([java, "-version"], capture_output=True, text=True)
    return done.stderr.splitlines()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, JUPYTER_PATH=str(tmp / "jupyter" / "share" / "jupyter"),
                   FACTORY_REGISTRY=str(tmp / ".factory"), FACTORY_HISTORY="off")
        subprocess.run([FACTORY, "kernel", "install", "--prefix", str(tmp / "jupyter")],
                       env=env, check=True, capture_output=True)
        subprocess.run([FACTORY, "init"], env=env, cwd=tmp, check=True, capture_output=True)
        print(f"java: {java_of_factory(env)}; {args.runs} runs each, alternating; seconds")
        print(f"{'notebook':10} {'factory run':>22} {'nbconvert':>22} {'ratio':>7}")
        print(f"{'':10} {'median':>10} {'min':>11} {'median':>10} {'min':>11} {'(med)':>7}")
        for name, cells in (("1 cell", ONE), ("20 cells", TWENTY)):
            nb = tmp / "nb.ipynb"
            nb.write_text(json.dumps(notebook(cells)))
            ours, theirs = [], []
            # Alternate the two, so that whatever else the machine does weighs on both alike.
            for _ in range(args.runs):
                ours.append(timed([FACTORY, "run", nb, tmp / "out.ipynb", "--no-progress"],
                                  tmp, env))
                theirs.append(timed(["jupyter", "nbconvert", "--to", "notebook", "--execute",
                                     "--output", str(tmp / "nbc.ipynb"), nb], tmp, env))
            a, b = statistics.median(ours), statistics.median(theirs)
            print(f"{name:10} {a:10.3f} {min(ours):11.3f} {b:10.3f} {min(theirs):11.3f}"
                  f" {a / b:7.2f}")


if __name__ == "__main__":
    main()
