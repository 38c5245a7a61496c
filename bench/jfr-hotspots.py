#!/usr/bin/env python3
"""Where a benchmark thread's time goes, from a JFR recording (JDK 17's `jfr` tool, no other deps).

usage: bench/jfr-hotspots.py RECORDING.jfr [THREAD_NAME_PART]

Counts jdk.ExecutionSample and jdk.NativeMethodSample events of the threads whose name contains
THREAD_NAME_PART (default: "main", or JMH's "-jmh-worker-"), and prints shares by leaf frame, by
registry method crossed with what SQLite was doing (prepare, step, other), and by lineage phase.
Native samples are wall-clock: a thread waiting on fsync inside sqlite3_step counts there.
Record with: -XX:FlightRecorderOptions:stackdepth=160
  -XX:StartFlightRecording=filename=rec.jfr,settings=bench/jfr-sampling.jfc
"""
import collections
import json
import subprocess
import sys


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].replace("/", ".").split(".")[-1] + "." + method["name"]


def main():
    path = sys.argv[1]
    wanted = sys.argv[2] if len(sys.argv) > 2 else None
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "160",
         "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", path],
        capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    leaf, by_method, by_phase = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for event in events:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or ""
        if wanted is not None and wanted not in thread:
            continue
        if wanted is None and thread != "main" and "-jmh-worker-" not in thread:
            continue
        if not values.get("stackTrace"):
            continue
        names = [frame_name(f) for f in values["stackTrace"]["frames"]]
        # Only time spent recording or querying, not setup (building, opening, deleting).
        if not any(n.startswith(("SqlWriter.", "SqlReader.", "Database.transaction")) for n in names):
            continue
        if any(n.startswith(("BenchFiles.", "LineageGraph.")) or n.endswith("Fresh.open")
               or n.endswith("Fresh.check") for n in names):
            continue
        total += 1
        top = names[0]
        leaf[top] += 1
        what = ("sqlite prepare" if "prepare" in top else "sqlite step" if top.endswith(".step")
                else "sqlite other" if top.startswith("NativeDB.") else "java")
        writers = [n for n in names if n.startswith("SqlWriter.") and n != "SqlWriter.sql"
                   and "lambda" not in n]
        if writers:
            method = writers[-1]
        elif "SqlReader.lineage" in names:
            method = "Registry.lineage"
        else:
            method = "Database.transaction (begin/commit)"
        by_method[(method, what)] += 1
        phases = [n for n in names if n in ("SqlReader.versionsByIds", "SqlReader.runsByIds",
                                            "SqlReader.resolve")]
        if "SqlReader.lineage" in names:
            by_phase[phases[-1] if phases else "SqlReader.lineage: closure query"] += 1
    if total == 0:
        print("no samples of the registry on the benchmark thread")
        return
    print(f"{total} samples")
    print("\n-- leaf frames")
    for name, count in leaf.most_common(10):
        print(f"{100 * count / total:5.1f}%  {name}")
    print("\n-- registry method x what it was doing")
    methods = collections.Counter()
    for (method, _), count in by_method.items():
        methods[method] += count
    for method, count in methods.most_common():
        parts = ", ".join(f"{what} {100 * c / total:.1f}%"
                          for (m, what), c in by_method.most_common() if m == method)
        print(f"{100 * count / total:5.1f}%  {method:40s} ({parts})")
    if by_phase:
        print("\n-- lineage phases")
        for phase, count in by_phase.most_common():
            print(f"{100 * count / total:5.1f}%  {phase}")


if __name__ == "__main__":
    main()
