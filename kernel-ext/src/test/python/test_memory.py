"""Memory over a long session: variables declared anew release what the old declaration held, and
%reset clears the session without restarting the kernel. RSS is the kernel process's VmRSS."""

import time

import pytest

from conftest import Kernel, text_of

CELLS = 1000


def rss_mb(kernel):
    with open(f"/proc/{kernel.km.provisioner.process.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def run_all(kernel, cells, timeout=120):
    """Sends the cells at once (each its own execute request), then waits for every reply."""
    ids = [kernel.kc.execute(code) for code in cells]
    pending = set(ids)
    deadline = time.monotonic() + timeout
    while pending:
        msg = kernel.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        msg_id = msg["parent_header"].get("msg_id")
        if msg_id in pending:
            assert msg["content"]["status"] == "ok", msg["content"]
            pending.discard(msg_id)
    kernel.outputs(ids[-1], timeout=timeout)


def settled_rss(kernel, below, seconds):
    """RSS once it falls below `below` (G1 gives memory back after 5 s idle), or after `seconds`."""
    deadline = time.monotonic() + seconds
    rss = rss_mb(kernel)
    while rss >= below and time.monotonic() < deadline:
        time.sleep(0.5)
        rss = rss_mb(kernel)
    return rss


@pytest.fixture
def kernel():
    k = Kernel()
    yield k
    k.close()


def heap_used_mb(kernel):
    content, outputs = kernel.execute(
        "System.gc();\nRuntime r = Runtime.getRuntime();\n"
        "System.out.println((r.totalMemory() - r.freeMemory()) >> 20);"
    )
    assert content["status"] == "ok", content
    return int(text_of(outputs).strip())


def test_a_thousand_redefinitions_stay_within_100_mb_of_idle(kernel):
    # Each cell differs, so that JShell compiles each into a class of its own (the same source
    # again reuses its class): the old classes stay loaded, their fields must not keep the arrays.
    run_all(kernel, [f"byte[] a = new byte[800_000 + {i}];" for i in range(50)])
    heap_used_mb(kernel)  # a full collection: the idle figure is the settled heap, not the warm-up's
    time.sleep(1)
    idle = rss_mb(kernel)
    run_all(kernel, [f"byte[] a = new byte[800_000 + {i}];" for i in range(50, 50 + CELLS)])
    after = settled_rss(kernel, idle + 100, 30)  # the kernel's own idle collection, no System.gc()
    print(f"RSS idle {idle:.0f} MB, after {CELLS} redefinitions {after:.0f} MB")
    assert after - idle < 100, (idle, after)
    content, outputs = kernel.execute("a.length")
    assert outputs[-1]["content"]["data"]["text/plain"] == str(800_000 + 49 + CELLS)


def test_reset_clears_the_session_and_keeps_the_kernel(kernel):
    kernel.execute("int x = 1;\nint twice(int v) { return 2 * v; }\nclass Kept {}")
    content, _ = kernel.execute("long[] big = new long[40_000_000];\ntwice(x)")
    assert content["status"] == "ok", content
    before_heap = heap_used_mb(kernel)
    before_rss = rss_mb(kernel)
    content, outputs = kernel.execute("%reset")
    assert content["status"] == "ok", content
    assert "Reset:" in text_of(outputs)
    for gone in ["x", "twice(1)", "new Kept()", "big.length"]:
        content, _ = kernel.execute(gone)
        assert content["status"] == "error", gone
        assert "cannot find symbol" in "\n".join(content["traceback"]), content
    # a new cell works, and the start imports and factory statics are there again
    content, outputs = kernel.execute("int x = 5;\nx + 1")
    assert content["status"] == "ok", content
    assert outputs[-1]["content"]["data"]["text/plain"] == "6"
    content, outputs = kernel.execute("Factory.class.getName() + \" \" + List.of(Table.class).size()")
    assert content["status"] == "ok", content
    assert outputs[-1]["content"]["data"]["text/plain"] == "dev.nbfactory.magics.Factory 1"
    # the 320 MB array went with the old session
    after_heap = heap_used_mb(kernel)
    after_rss = settled_rss(kernel, before_rss - 200, 20)
    print(f"heap used {before_heap} -> {after_heap} MB, RSS {before_rss:.0f} -> {after_rss:.0f} MB")
    assert before_heap - after_heap > 250, (before_heap, after_heap)
    assert before_rss - after_rss > 200, (before_rss, after_rss)


def test_reset_in_the_middle_of_a_cell_and_quietly(kernel):
    content, outputs = kernel.execute("int y = 1;\n%reset -f\nint z = 2;\nz")
    assert content["status"] == "ok", content
    assert "Reset:" not in text_of(outputs)
    assert outputs[-1]["content"]["data"]["text/plain"] == "2"
    content, _ = kernel.execute("y")
    assert content["status"] == "error"
    # errors after a reset name the cell's own lines
    content, _ = kernel.execute("%reset -f\n\nint w = nosuch;")
    assert content["status"] == "error"
    assert "line 3" in "\n".join(content["traceback"]), content["traceback"]
    content, _ = kernel.execute("%reset everything")
    assert content["status"] == "error"
    assert "-f" in content["evalue"]
    content, _ = kernel.execute("%reset?")
    assert "factory session" in content["payload"][0]["data"]["text/plain"]
