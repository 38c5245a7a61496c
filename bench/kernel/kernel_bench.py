#!/usr/bin/python3
"""Start time, round trip and idle memory of the Java (Factory) kernel, beside ipykernel.

Start: process start to kernel_info_reply (KernelManager.start_kernel, then one kernel_info
request), and to the reply of a first cell sent right after it. Round trip: execute_request to execute_reply after warm-up, measured with
jupyter_client. Memory: resident size of the kernel after the round trips and --idle seconds of rest.

Usage: JUPYTER_PATH=<folder with kernels/factory-java> /usr/bin/python3 kernel_bench.py
       [--runs N] [--trips N] [--kernels factory-java,python3]
"""

import argparse
import statistics
import time
from queue import Empty

from jupyter_client.manager import KernelManager

CODE = {
    "factory-java": [("int x = 1;", "int x = 1;"), ("1 + 1", "1 + 1")],
    "python3": [("int x = 1;", "x = 1"), ("1 + 1", "1 + 1")],
}


def reply_to(kc, msg_id, timeout=60):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def drain_iopub(kc, msg_id, timeout=10):
    """Reads IOPub until the request's idle status, so trips do not overlap."""
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=timeout)
        except Empty:
            print(f"note: no idle status for {msg_id} within {timeout} s")
            return
        if (
            msg["parent_header"].get("msg_id") == msg_id
            and msg["msg_type"] == "status"
            and msg["content"]["execution_state"] == "idle"
        ):
            return


def start(name, first_code=None):
    """Starts a kernel; returns it, its client, seconds to kernel_info_reply and, when
    first_code is given, seconds from start to that first cell's execute_reply."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    reply_to(kc, kc.kernel_info())
    ready = time.perf_counter() - t0
    first = None
    if first_code is not None:
        # IOPub of a fresh client may miss this cell's first messages (ZeroMQ's slow joiner):
        # time the reply only.
        reply_to(kc, kc.execute(first_code))
        first = time.perf_counter() - t0
    return km, kc, ready, first


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def rss_mb(km):
    pid = km.provisioner.process.pid
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def trip(kc, code):
    t = time.perf_counter()
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id)
    elapsed = time.perf_counter() - t
    assert reply["content"]["status"] == "ok", reply["content"]
    drain_iopub(kc, msg_id)
    return elapsed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7, help="kernel starts per kernel")
    p.add_argument("--trips", type=int, default=100, help="measured round trips per code")
    p.add_argument("--warmup", type=int, default=100, help="round trips before measuring")
    p.add_argument("--kernels", default="factory-java,python3")
    p.add_argument("--idle", type=float, default=10, help="seconds idle before reading RSS")
    args = p.parse_args()
    results = {}
    for name in args.kernels.split(","):
        starts, firsts = [], []
        codes = CODE.get(name, CODE["python3"])
        for _ in range(args.runs):
            km, kc, seconds, first = start(name, codes[0][1])
            starts.append(seconds)
            firsts.append(first)
            stop(km, kc)
        km, kc, _, _ = start(name)
        trips = {}
        for label, code in codes:
            for _ in range(args.warmup):
                trip(kc, code)
            trips[label] = statistics.median(trip(kc, code) for _ in range(args.trips))
        time.sleep(args.idle)
        memory = rss_mb(km)
        stop(km, kc)
        results[name] = (statistics.median(starts), trips, memory)
        print(
            f"{name}: start median {statistics.median(starts):.3f} s"
            f" (min {min(starts):.3f}, max {max(starts):.3f}, n={len(starts)});"
            f" first cell answered after {statistics.median(firsts):.3f} s;"
            + "".join(f" {k!r} {v * 1000:.1f} ms;" for k, v in trips.items())
            + f" idle RSS {memory:.0f} MB"
        )
    if "factory-java" in results and "python3" in results:
        java, python = results["factory-java"][0], results["python3"][0]
        print(f"start ratio factory-java / ipykernel: {java / python:.2f}")


if __name__ == "__main__":
    main()
