#!/usr/bin/python3
"""Whole-process time of the README's first command, `bin/factory demo`, on a built tree.

Each round runs the pipeline alone in a fresh folder (`demo --no-loop`: all six stages of
notebooks/ headless); then, in another fresh folder, the whole demo (the six stages and one turn of
the feedback loop), the demo again (the outcomes sealed at the loop's end retrain: four stages run)
and once more (every stage up to date). The script prints the medians and minimums of each over
--runs rounds. Targets: the pipeline <= 15 s; the demo with its loop turn <= 30 s; up to date
<= 3 s.

Usage: /usr/bin/python3 bench/demo/demo_bench.py [--runs N]
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


def timed(cmd, cwd):
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout}\n{done.stderr}")
    return seconds, done.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # Builds if needed and records the archive, outside the timings.
    version = subprocess.run([FACTORY, "--version"], capture_output=True, text=True, check=True)
    print(" / ".join(version.stdout.split("\n")[:2]) + f"; {args.runs} rounds; seconds")
    pipeline, loop, fed, settled = [], [], [], []
    for _ in range(args.runs):
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
    for name, values, target in rows:
        print(f"{name:34} {statistics.median(values):8.2f} {min(values):8.2f} {target:>8}")

if __name__ == "__main__":
    os.environ.pop("FACTORY_REGISTRY", None)
    main()
