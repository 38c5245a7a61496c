"""Settings from the environment: FACTORY_TIMEOUT, FACTORY_STARTUP_SCRIPT(S_PATH), FACTORY_CLASSPATH."""

import os
import time

import pytest
from jupyter_client.manager import KernelManager

from conftest import KERNEL_NAME


class EnvKernel:
    def __init__(self, **env):
        self.km = KernelManager(kernel_name=KERNEL_NAME)
        self.km.start_kernel(env={**os.environ, **env})
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def execute(self, code, timeout=60):
        msg_id = self.kc.execute(code)
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply["content"], outputs
            outputs.append(msg)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel()


@pytest.fixture
def make_kernel():
    kernels = []

    def make(**env):
        k = EnvKernel(**env)
        kernels.append(k)
        return k

    yield make
    for k in kernels:
        k.close()


def test_timeout_interrupts_a_long_cell(make_kernel):
    k = make_kernel(FACTORY_TIMEOUT="1")
    t0 = time.monotonic()
    content, _ = k.execute("while (true) {}")
    assert content["status"] == "error"
    assert "FACTORY_TIMEOUT" in content["evalue"]
    assert time.monotonic() - t0 < 10
    content, _ = k.execute("Thread.sleep(100);\n1 + 1")
    assert content["status"] == "ok"


def test_startup_scripts_run_before_the_first_cell(make_kernel, tmp_path):
    script = tmp_path / "first.jsh"
    script.write_text("int fromFile = 40;\n")
    k = make_kernel(
        FACTORY_STARTUP_SCRIPTS_PATH=str(script),
        FACTORY_STARTUP_SCRIPT="int fromVariable = fromFile + 2;",
    )
    content, outputs = k.execute("fromVariable")
    assert content["status"] == "ok"
    assert outputs[-1]["content"]["data"]["text/plain"] == "42"


def test_classpath_from_the_environment(make_kernel, tmp_path):
    folder = tmp_path / "classes" / "cp"
    folder.mkdir(parents=True)
    source = tmp_path / "Seven.java"
    source.write_text("package cp; public class Seven { public static int value() { return 7; } }")
    import subprocess, shutil
    javac = shutil.which("javac") or "/usr/lib/jvm/java-17-openjdk-amd64/bin/javac"
    subprocess.run([javac, "-d", str(tmp_path / "classes"), str(source)], check=True)
    k = make_kernel(FACTORY_CLASSPATH=str(tmp_path / "classes"))
    content, outputs = k.execute("cp.Seven.value()")
    assert content["status"] == "ok", content
    assert outputs[-1]["content"]["data"]["text/plain"] == "7"


def test_jvm_options_from_the_environment_when_the_kernel_starts(make_kernel):
    # after the spec's own options, so they win
    kernel = make_kernel(FACTORY_KERNEL_OPTS="-Xmx200m -Dfactory.test.word=one")
    content, outputs = kernel.execute(
        'System.out.println((Runtime.getRuntime().maxMemory() >> 20) + " "'
        ' + System.getProperty("factory.test.word"))'
    )
    assert content["status"] == "ok", content
    text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
    max_mb, word = text.split()
    assert 150 <= int(max_mb) <= 200, text
    assert word == "one"
