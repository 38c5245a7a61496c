"""Interrupts (interrupt_mode "message") stop a running cell, and the kernel answers at once."""

import time

from conftest import text_of


def interrupt_and_time_next_request(kernel, code):
    msg_id = kernel.kc.execute(code)
    time.sleep(1.0)  # let the cell get going
    t0 = time.monotonic()
    kernel.km.interrupt_kernel()
    reply = kernel.reply_to(msg_id, timeout=10)
    outputs = kernel.outputs(msg_id, timeout=10)
    after_content, after_outputs = kernel.execute("1 + 1", timeout=10)
    elapsed = time.monotonic() - t0
    return reply["content"], outputs, after_content, after_outputs, elapsed


def test_busy_loop_is_stopped_and_next_request_answered_within_two_seconds(kernel):
    reply, outputs, after, after_outputs, elapsed = interrupt_and_time_next_request(
        kernel, "while (true) {}"
    )
    assert reply["status"] == "error"
    assert reply["ename"] == "Interrupted"
    assert [m["msg_type"] for m in outputs] == ["error"]
    assert after["status"] == "ok"
    assert after_outputs[0]["content"]["data"]["text/plain"] == "2"
    assert elapsed < 2.0, f"the next request took {elapsed:.2f} s after the interrupt"


def test_loop_with_state_is_stopped(kernel):
    kernel.execute("long spins = 0;")
    reply, _, after, _, elapsed = interrupt_and_time_next_request(
        kernel, "while (true) { spins++; }"
    )
    assert reply["status"] == "error"
    assert elapsed < 2.0
    content, outputs = kernel.execute("spins > 0")
    assert outputs[0]["content"]["data"]["text/plain"] == "true"


def test_printing_loop_is_stopped(kernel):
    reply, outputs, after, _, elapsed = interrupt_and_time_next_request(
        kernel, 'for (long i = 0; ; i++) { System.out.println("line " + i); }'
    )
    assert reply["status"] == "error"
    assert "line 0\n" in text_of(outputs)
    assert elapsed < 2.0


def test_sleep_is_stopped(kernel):
    reply, _, after, _, elapsed = interrupt_and_time_next_request(kernel, "Thread.sleep(600_000);")
    assert reply["status"] == "error"
    assert elapsed < 2.0


def test_waiting_for_input_is_stopped(kernel):
    msg_id = kernel.kc.execute("new Scanner(System.in).nextLine()", allow_stdin=True)
    request = kernel.kc.get_stdin_msg(timeout=10)
    assert request["msg_type"] == "input_request"
    t0 = time.monotonic()
    kernel.km.interrupt_kernel()
    reply = kernel.reply_to(msg_id, timeout=10)
    kernel.outputs(msg_id)
    assert reply["content"]["status"] == "error"
    after, _ = kernel.execute("1 + 1", timeout=10)
    assert after["status"] == "ok"
    assert time.monotonic() - t0 < 2.0


def test_interrupt_when_idle_does_not_affect_next_cell(kernel):
    kernel.km.interrupt_kernel()
    time.sleep(0.2)
    content, outputs = kernel.execute("40 + 2")
    assert content["status"] == "ok"
    assert outputs[0]["content"]["data"]["text/plain"] == "42"


def test_interrupt_while_the_cell_compiles_still_stops_it(kernel):
    # From the moment the kernel has read the request (an interrupt that overtakes the request
    # itself finds nothing to stop, as with ipykernel), through compiling, to running.
    for delay in (0.1, 0.2, 0.3, 0.5):
        msg_id = kernel.kc.execute(
            "int before = 1;\nString s = \"compile me\".repeat(2);\nwhile (true) {}"
        )
        time.sleep(delay)
        t0 = time.monotonic()
        kernel.km.interrupt_kernel()
        reply = kernel.reply_to(msg_id, timeout=10)
        kernel.outputs(msg_id, timeout=10)
        assert reply["content"]["status"] == "error", delay
        assert time.monotonic() - t0 < 2.0, delay
