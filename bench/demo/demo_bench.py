#!/usr/bin/python3
"""Whole-process time of the README's first command, `bin/factory demo`, on a built tree.

Each round runs the pipeline alone in a fresh folder (`demo --no-loop`: all six stages of
notebooks/ headless); then, in another fresh folder, the whole demo (the six stages and one turn of
the feedback loop), the demo again (the outcomes sealed at the loop's end retrain: four stages run)
and once more (every stage up to date). The script prints the medians and minimums of each over
--runs rounds. Targets: the pipeline <= 15 s; the demo with its loop turn <= 30 s; up to date
<= 3 s.

With --cold-too, each round also runs the pipeline with FACTORY_WARM_STAGES=0 (every stage's JVM
started at its turn, as before stage JVMs were started ahead), alternating with the default, and
prints the ratio of the medians. Target: warm <= 0.6 of cold.

Usage: /usr/bin/python3 bench/demo/demo_bench.py [--runs N] [--cold-too]
The Java is the one bin/factory picks (FACTORY_JAVA_HOME, else JAVA_HOME, else the PATH's).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACTORY = ROOT / "bin" / "factory"


def timed(cmd, cwd, env=None):
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env})
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout}\n{done.stderr}")
    return seconds, done.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-too", action="store_true",
                        help="also time the pipeline with stage JVMs started at their turn")
    args = parser.parse_args()
    # Builds if needed and records the archive, outside the timings.
    version = subprocess.run([FACTORY, "--version"], capture_output=True, text=True, check=True)
    print(" / ".join(version.stdout.split("\n")[:2]) + f"; {args.runs} rounds; seconds")
    pipeline, loop, fed, settled, cold = [], [], [], [], []
    for _ in range(args.runs):
        if args.cold_too:
            with tempfile.TemporaryDirectory() as tmp:
                seconds, err = timed([FACTORY, "demo", "--no-loop"], tmp,
                                     {"FACTORY_WARM_STAGES": "0"})
                assert "6 ran, 0 up to date" in err, err
                cold.append(seconds)
        with tempfile.TemporaryDirectory() as tmp:
            seconds, err = timed([FACTORY, "demo", "--no-loop"], tmp)
            assert "6 ran, 0 up to date" in err, err
            pipeline.append(seconds)
        with tempfile.TemporaryDirectory() as tmp:
            seconds, err = timed([FACTORY, "demo"], tmp)
            assert "6 ran, 0 up to date" in err and "cancer-model@2" in err, err
            loop.append(seconds)
            # the outcomes sealed when the loop's server stopped feed train once more
            seconds, err = timed([FACTORY, "demo"], tmp)
            assert "4 ran, 2 up to date" in err, err
            fed.append(seconds)
            seconds, err = timed([FACTORY, "demo"], tmp)
            assert "0 ran, 6 up to date" in err, err
            settled.append(seconds)
    print(f"{'':34} {'median':>8} {'min':>8} {'target':>8}")
    rows = [
        ("demo --no-loop, all 6 stages", pipeline, "15"),
        ("demo, 6 stages + one loop turn", loop, "30"),
        ("demo again, outcomes retrain", fed, "-"),
        ("demo again, all up to date", settled, "3"),
    ]
    if cold:
        rows.insert(1, ("  the same, stage JVMs cold", cold, "-"))
    for name, values, target in rows:
        print(f"{name:34} {statistics.median(values):8.2f} {min(values):8.2f} {target:>8}")
    if cold:
        ratio = statistics.median(pipeline) / statistics.median(cold)
        print(f"stage JVMs started ahead / cold, medians: {ratio:.2f} (target <= 0.6)")

if __name__ == "__main__":
    os.environ.pop("FACTORY_REGISTRY", None)
    main()
