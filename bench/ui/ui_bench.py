#!/usr/bin/python3
"""Speed of `factory ui` on a big registry, measured from a separate process.

Makes (or reuses, with --dir) a registry of 100,000 runs, 1,000,000 metric rows and 50,000 artifact
versions with bench/target/benchmarks.jar's UiBenchRegistry (build it with: mvn -o -Pbench -pl
bench -am package -DskipTests), starts `bin/factory ui --port 0` on it, and times, with a plain
HTTP client in this process, three pages a team lead opens:

  runs    the runs table sorted by a metric (accuracy, descending), with three metric columns
  run     one run's page
  lineage the lineage around a version with one neighbour expanded

and, beyond the issue's three, page 100 of one stage's runs sorted by another metric with two
parameter columns (runs-deep), and a metric across the 10,000 runs of one stage (metrics).

Each page is fetched --warmup times untimed, then --requests times; prints the median and the 95th
percentile of each, against the targets: median <= 100 ms, p95 <= 300 ms.

Usage: /usr/bin/python3 bench/ui/ui_bench.py [--dir DIR] [--runs 100000] [--requests 50]
       [--warmup 10]
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACTORY = ROOT / "bin" / "factory"
BENCH_JAR = ROOT / "bench" / "target" / "benchmarks.jar"
MEDIAN_MS = 100
P95_MS = 300


def make_registry(folder, runs):
    plan = folder / "plan.json"
    if plan.exists():
        return json.loads(plan.read_text())
    if not BENCH_JAR.exists():
        sys.exit(f"{BENCH_JAR} is missing: mvn -o -Pbench -pl bench -am package -DskipTests")
    print(f"making a registry of {runs:,} runs in {folder} ...", flush=True)
    subprocess.run(
        ["java", "-Xmx2g", "-cp", str(BENCH_JAR), "dev.nbfactory.bench.UiBenchRegistry",
         str(folder), str(runs)],
        check=True)
    return json.loads(plan.read_text())


def start_ui(folder):
    env = dict(os.environ, FACTORY_REGISTRY=str(folder / ".factory"))
    p = subprocess.Popen([str(FACTORY), "ui", "--port", "0"], env=env, stdout=subprocess.PIPE,
                         text=True)
    line = p.stdout.readline()
    m = re.search(r"factory ui at (http://\S+?)/", line)
    if not m:
        p.kill()
        sys.exit(f"factory ui did not start: {line!r}")
    return p, m.group(1)


def timed(url, warmup, requests):
    for _ in range(warmup):
        fetch(url)
    times = []
    for _ in range(requests):
        t = time.perf_counter()
        fetch(url)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        body = r.read()
        if r.status != 200:
            sys.exit(f"{url} answered {r.status}")
        return body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir")
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=10)
    args = ap.parse_args()
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="ui-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    plan = make_registry(folder, args.runs)
    ui, base = start_ui(folder)
    try:
        q = urllib.parse.quote
        pages = {
            "runs": f"{base}/runs?sort=metric:accuracy&dir=desc&metrics=accuracy,loss,f1",
            "runs-deep": f"{base}/runs?stage=stage-3&sort=metric:loss&dir=asc&page=100"
                         f"&metrics=accuracy,loss&params=alpha,algorithm",
            "run": f"{base}/runs/{plan['run']}",
            "lineage": f"{base}/lineage?ref={q(plan['ref'])}&expand={q(plan['expand'])}",
            "metrics": f"{base}/metrics?stage=stage-3&metric=accuracy",
        }
        print(f"registry: {plan['runs']:,} runs in {folder}")
        print(f"{'page':10} {'median ms':>10} {'p95 ms':>10}  target: median <= {MEDIAN_MS}, "
              f"p95 <= {P95_MS}")
        ok = True
        for name, url in pages.items():
            median, p95 = timed(url, args.warmup, args.requests)
            met = median <= MEDIAN_MS and p95 <= P95_MS
            ok &= met
            print(f"{name:10} {median:10.1f} {p95:10.1f}  {'met' if met else 'MISSED'}", flush=True)
        return 0 if ok else 1
    finally:
        ui.terminate()
        ui.wait(30)


if __name__ == "__main__":
    sys.exit(main())
