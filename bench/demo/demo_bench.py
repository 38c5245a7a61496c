#!/usr/bin/python3
"""Whole-process time of the README's first command, `bin/factory demo`, on a built tree.

Each round makes a fresh folder, runs the demo there (all six stages of notebooks/ run headless as
a pipeline) and then runs it again (every stage up to date). The script prints the medians and
minimums of both, over --runs rounds. Targets: the whole pipeline <= 15 s; the second run <= 3 s.

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
    first, second = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, err = timed([FACTORY, "demo"], tmp)
            assert "6 ran, 0 up to date" in err, err
            first.append(seconds)
            seconds, err = timed([FACTORY, "demo"], tmp)
            assert "0 ran, 6 up to date" in err, err
            second.append(seconds)
    print(f"{'':26} {'median':>8} {'min':>8} {'target':>8}")
    print(f"{'demo, all 6 stages':26} {statistics.median(first):8.2f} {min(first):8.2f} {'15':>8}")
    print(f"{'demo again, up to date':26} {statistics.median(second):8.2f} {min(second):8.2f}"
          f" {'3':>8}")


if __name__ == "__main__":
    os.environ.pop("FACTORY_REGISTRY", None)
    main()
