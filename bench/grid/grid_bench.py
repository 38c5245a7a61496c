#!/usr/bin/python3
"""Wall time of a 2x3 grid over the example factory against the six commands it replaces.

The factory is the example's training stages (notebooks/01-ingest ... 04-evaluate): report and
score follow the gate and read cancer-model@production, which a grid's members never move (only
--promote-best does). Each round, in fresh folders and in alternating order: `factory pipeline
run notebooks --grid train.algorithm=logistic,cart --grid train.epochs=10,20,40`, and the six
`factory pipeline run
notebooks -p train.algorithm A -p train.epochs E` a user would type today, one after the other on
one registry (the second and later skip ingest and features as up to date, as they do today).
Both get the same --jobs. The script prints the medians and the ratio grid / six commands.
Target: <= 0.6.

Usage: /usr/bin/python3 bench/grid/grid_bench.py [--runs N] [--jobs N]
The Java is the one bin/factory picks (FACTORY_JAVA_HOME, else JAVA_HOME, else the PATH's).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACTORY = ROOT / "bin" / "factory"
ALGORITHMS = ["logistic", "cart"]
EPOCHS = ["10", "20", "40"]
TRAINING = ["01-ingest.ipynb", "02-features.ipynb", "03-train.ipynb", "04-evaluate.ipynb"]


def timed(cmd, cwd):
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout}\n{done.stderr}")
    return seconds, done.stderr


def factory_folder(tmp):
    """A folder with the example factory's notebooks and data, and an empty registry."""
    (Path(tmp) / "notebooks").mkdir()
    for stage in TRAINING:
        shutil.copy(ROOT / "notebooks" / stage, Path(tmp) / "notebooks" / stage)
    shutil.copytree(ROOT / "data", Path(tmp) / "data")
    subprocess.run([FACTORY, "init"], cwd=tmp, capture_output=True, check=True)


def grid(jobs):
    with tempfile.TemporaryDirectory() as tmp:
        factory_folder(tmp)
        cmd = [FACTORY, "pipeline", "run", "notebooks", "--jobs", str(jobs),
               "--grid", "train.algorithm=" + ",".join(ALGORITHMS),
               "--grid", "train.epochs=" + ",".join(EPOCHS)]
        seconds, err = timed(cmd, tmp)
        assert "6 of 6 members done" in err and "0 failed" in err, err
        return seconds


def six_commands(jobs):
    with tempfile.TemporaryDirectory() as tmp:
        factory_folder(tmp)
        total = 0.0
        for algorithm in ALGORITHMS:
            for epochs in EPOCHS:
                cmd = [FACTORY, "pipeline", "run", "notebooks", "--jobs", str(jobs),
                       "-p", "train.algorithm", algorithm, "-p", "train.epochs", epochs]
                seconds, err = timed(cmd, tmp)
                assert "0 failed" in err, err
                total += seconds
        return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    # Builds if needed, outside the timings.
    version = subprocess.run([FACTORY, "--version"], capture_output=True, text=True, check=True)
    print(" / ".join(version.stdout.split("\n")[:2])
          + f"; {args.runs} rounds; --jobs {args.jobs}; {os.cpu_count()} CPUs; seconds")
    grids, sixes = [], []
    for i in range(args.runs):
        # alternate which goes first, so a warmer disk cache or a busier machine favours neither
        if i % 2 == 0:
            grids.append(grid(args.jobs))
            sixes.append(six_commands(args.jobs))
        else:
            sixes.append(six_commands(args.jobs))
            grids.append(grid(args.jobs))
        print(f"round {i + 1}: grid {grids[-1]:.1f}, six commands {sixes[-1]:.1f}", flush=True)
    g, s = statistics.median(grids), statistics.median(sixes)
    print(f"{'':36} {'median':>8} {'min':>8}")
    print(f"{'2x3 grid, one command':36} {g:8.1f} {min(grids):8.1f}")
    print(f"{'six pipeline run -p commands':36} {s:8.1f} {min(sixes):8.1f}")
    print(f"ratio grid / six commands: {g / s:.2f} (target <= 0.6)")


if __name__ == "__main__":
    os.environ.pop("FACTORY_REGISTRY", None)
    main()
