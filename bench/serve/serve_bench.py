#!/usr/bin/python3
"""Throughput of `factory serve`: single-row POST /invocations driven by wrk, on a built tree.

Makes a temporary folder (or reuses --dir), trains the demo's `cancer-model` there with
`bin/factory demo --no-loop` (alias production), then for each mode starts `bin/factory serve
cancer-model@production` as its own process on a free loopback port, waits for /ping, warms it
with wrk (15 s: C2 reaches the request path late on a busy 2-core machine), and measures with wrk --latency: (a) the decision log on (the default, --log-features
all: every answer committed to the registry, synchronous=FULL, before it leaves); (b) the log off
(--no-decision-log). Each request is one real row of data/breast_cancer_wisconsin.csv (all 30
features, dataframe_split), 16 different rows in turn. After (a) the registry's predictions table
is counted: every answered request must be there. (c) The in-process ceiling: JMH's
ServePathBenchmark (bench/target/benchmarks.jar, when built: mvn -o -Pbench -pl bench -am package
-DskipTests), the request path of one row without HTTP and without the log.

wrk runs on the same machine as the server (2 cores here): its threads take CPU from the server.

Targets: >= 5,000 predictions/s with the log on; p99 <= 10 ms; log on costs <= 1.5x of off.

Usage: /usr/bin/python3 bench/serve/serve_bench.py [--duration 20] [--warmup 15]
       [--connections 32] [--threads 2] [--dir DIR] [--modes on,off] [--no-ceiling]
Needs wrk (Debian: apt-get install wrk). Builds nothing: bin/factory builds the tree if needed.
"""

import argparse
import csv
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FACTORY = ROOT / "bin" / "factory"
DATA = ROOT / "data" / "breast_cancer_wisconsin.csv"
BENCH_JAR = ROOT / "bench" / "target" / "benchmarks.jar"
ROWS = 16

LUA = """
local bodies = {%s}
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "/invocations", {["Content-Type"] = "application/json"}, bodies[i])
end
"""


def bodies():
    with open(DATA, newline="") as f:
        rows = list(csv.DictReader(f))
    columns = [c for c in rows[0] if c != "diagnosis"]
    out = []
    for row in rows[:ROWS]:
        values = ", ".join(row[c] for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        out.append(f'{{"dataframe_split": {{"columns": [{names}], "data": [[{values}]]}}}}')
    return out


def lua_script(folder):
    quoted = ", ".join("[==[" + b + "]==]" for b in bodies())  # the bodies hold "]]"
    path = Path(folder) / "invocations.lua"
    path.write_text(LUA % quoted)
    return path


def demo(folder):
    if (Path(folder) / ".factory" / "registry.db").exists():
        return
    t0 = time.perf_counter()
    done = subprocess.run(
        [FACTORY, "demo", "--dir", folder, "--no-loop"], capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"bin/factory demo failed:\n{done.stdout}\n{done.stderr}")
    print(f"demo (trains cancer-model, alias production): {time.perf_counter() - t0:.1f} s")


def serve(folder, extra):
    cmd = [FACTORY, "--registry", str(Path(folder) / ".factory"), "serve",
           "cancer-model@production", "--port", "0", *extra]
    err = open(Path(folder) / "serve.err", "w")
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
    line = server.stdout.readline()
    m = re.search(r"at (http://\S+)/invocations", line)
    if not m:
        server.kill()
        sys.exit(f"serve did not start: {line}\n{(Path(folder) / 'serve.err').read_text()}")
    base = m.group(1)
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/ping", timeout=2) as r:
                if r.status == 200:
                    return server, base
        except OSError:
            if time.time() > deadline:
                server.kill()
                sys.exit("serve did not answer /ping in 30 s")
            time.sleep(0.1)


def stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def millis(text):
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(base, script, seconds, args):
    cmd = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s",
           "--latency", "-s", str(script), base]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": 0,
    }
    for pct in ("50", "90", "99"):
        result["p" + pct] = millis(re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M).group(1))
    result["max"] = millis(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(bad.group(1)) if bad else 0) + (
        sum(int(g) for g in socket.groups()) if socket else 0)
    return result


def logged_rows(folder):
    db = sqlite3.connect(Path(folder) / ".factory" / "registry.db")
    try:
        return db.execute("SELECT count(*) FROM predictions").fetchone()[0]
    finally:
        db.close()


def measure(folder, script, mode, args):
    extra = (["--no-decision-log"] if mode == "off" else []) + args.serve_args.split()
    before = logged_rows(folder)
    server, base = serve(folder, extra)
    try:
        warm = wrk(base, script, args.warmup, args)
        result = wrk(base, script, args.duration, args)
    finally:
        stop(server)
    result["logged"] = logged_rows(folder) - before
    result["answered"] = warm["requests"] - warm["errors"] + result["requests"] - result["errors"]
    return result


def ceiling():
    if not BENCH_JAR.exists():
        print(f"(c) in-process ceiling: {BENCH_JAR} is not built"
              " (mvn -o -Pbench -pl bench -am package -DskipTests)")
        return None
    cmd = ["java", "-jar", str(BENCH_JAR), "ServePathBenchmark", "-f", "1", "-wi", "3", "-w",
           "2s", "-i", "5", "-r", "2s", "-t", "1", "-bm", "thrpt", "-tu", "s"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    scores = {}
    for m in re.finditer(r"ServePathBenchmark\.(\w+)\s+thrpt\s+\d+\s+([\d.,]+)\s+±\s+([\d.,]+)",
                         out):
        scores[m.group(1)] = (float(m.group(2).replace(",", "")),
                              float(m.group(3).replace(",", "")))
    return scores


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=20)
    # the optimizing compiler needs about 15 s of load to reach the server's request path here
    parser.add_argument("--warmup", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dir", help="reuse this folder (the demo runs there once)")
    parser.add_argument("--modes", default="on,off")
    parser.add_argument("--serve-args", default="",
                        help="more options for factory serve, such as '--seal-every 100000'")
    parser.add_argument("--no-ceiling", action="store_true")
    args = parser.parse_args()
    version = subprocess.run([FACTORY, "--version"], capture_output=True, text=True, check=True)
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    print(" / ".join(version.stdout.strip().split("\n")[:2]) + f"; {wrk_version.strip()}")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; wrk -t"
          f" {args.threads} -c {args.connections}, {args.warmup} s warm-up then {args.duration} s,"
          " on the same machine as the server")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or tmp
        Path(folder).mkdir(parents=True, exist_ok=True)
        demo(folder)
        script = lua_script(folder)
        results = {}
        for mode in args.modes.split(","):
            results[mode] = measure(folder, script, mode, args)
        print(f"{'':22} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}"
              f" {'errors':>7} {'logged rows':>12}")
        names = {"on": "(a) log on (all)", "off": "(b) log off"}
        for mode, r in results.items():
            logged = f"{r['logged']}/{r['answered']}" if mode == "on" else "-"
            print(f"{names.get(mode, mode):22} {r['rps']:9,.0f} {r['p50']:8.2f} {r['p90']:8.2f}"
                  f" {r['p99']:8.2f} {r['max']:8.1f} {r['errors']:7} {logged:>12}")
            if mode == "on" and r["logged"] < r["answered"]:
                print("  FAILED: answered requests missing from the log")
            if r["errors"]:
                print(f"  FAILED: {r['errors']} requests not answered 200 (see serve.err)")
        if "on" in results and "off" in results:
            print(f"log cost: off/on = {results['off']['rps'] / results['on']['rps']:.2f}x"
                  " (target <= 1.5x)")
        if "on" in results:
            r = results["on"]
            ok = r["rps"] >= 5000 and r["p99"] <= 10
            print(f"targets (log on): >= 5,000 req/s and p99 <= 10 ms: {'met' if ok else 'NOT met'}")
    if not args.no_ceiling:
        scores = ceiling()
        if scores:
            for name, (score, error) in scores.items():
                print(f"(c) in-process ceiling, one thread, {name}: {score:,.0f} ± {error:,.0f}"
                      " rows/s")


if __name__ == "__main__":
    os.environ.pop("FACTORY_REGISTRY", None)
    main()
