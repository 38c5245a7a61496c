"""Fixtures for tests that drive the Java (Factory) kernel through jupyter_client.

The kernel spec is found on JUPYTER_PATH (KernelConformanceIT and its siblings write it).
"""

import time

import pytest
from jupyter_client.manager import KernelManager

KERNEL_NAME = "factory-java"


class Kernel:
    """A running kernel and a blocking client, with helpers that wait for the right reply."""

    def __init__(self, warm_up=True, **start):
        """start: arguments for the kernel's process, such as stderr=file; warm_up=False leaves
        JShell's start to the first request."""
        self.km = KernelManager(kernel_name=KERNEL_NAME)
        self.km.start_kernel(**start)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        # Let the first cell pay for JShell's start, not the test's timeouts.
        if warm_up:
            self.execute("int warmUp = 0;", timeout=60)

    def reply_to(self, msg_id, timeout=30, channel="shell"):
        get = self.kc.get_shell_msg if channel == "shell" else self.kc.get_control_msg
        deadline = time.monotonic() + timeout
        while True:
            msg = get(timeout=max(0.01, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def outputs(self, msg_id, timeout=30):
        """IOPub messages of a request up to its idle status (status and input left out)."""
        out = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    return out
                continue
            if msg["msg_type"] == "execute_input":
                continue
            out.append(msg)

    def execute(self, code, timeout=30, **kwargs):
        """Runs code; returns (reply content, outputs)."""
        msg_id = self.kc.execute(code, **kwargs)
        reply = self.reply_to(msg_id, timeout=timeout)
        return reply["content"], self.outputs(msg_id, timeout=timeout)

    def complete(self, code, cursor_pos=None, timeout=30):
        """complete_reply content for the cursor at cursor_pos (default: the end)."""
        msg_id = self.kc.complete(code, len(code) if cursor_pos is None else cursor_pos)
        return self.reply_to(msg_id, timeout=timeout)["content"]

    def inspect(self, code, cursor_pos=None, timeout=30):
        """inspect_reply content for the cursor at cursor_pos (default: the end)."""
        msg_id = self.kc.inspect(code, len(code) if cursor_pos is None else cursor_pos)
        return self.reply_to(msg_id, timeout=timeout)["content"]

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def text_of(outputs, name="stdout"):
    return "".join(
        m["content"]["text"]
        for m in outputs
        if m["msg_type"] == "stream" and m["content"]["name"] == name
    )


@pytest.fixture(scope="module")
def kernel():
    k = Kernel()
    yield k
    k.close()
