"""History kept across kernel restarts in an SQLite file (FACTORY_HISTORY), as IPython keeps it:
each kernel process is a session; history_request tail, range and search see earlier sessions."""

import os
import sqlite3
import time

from jupyter_client.manager import KernelManager

KERNEL_NAME = "factory-java"


class Session:
    def __init__(self, env):
        self.km = KernelManager(kernel_name=KERNEL_NAME)
        self.km.start_kernel(env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def pid(self):
        return self.km.provisioner.process.pid

    def reply(self, msg_id, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def run(self, code):
        content = self.reply(self.kc.execute(code))
        assert content["status"] == "ok", content
        return content

    def history(self, **kwargs):
        content = self.reply(self.kc.history(**kwargs))
        assert content["status"] == "ok", content
        return [tuple(item) for item in content["history"]]

    def restart(self):
        before = self.pid()
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=60)
        assert self.pid() != before, "a restart is a new kernel process"

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def test_history_survives_a_restart(tmp_path):
    file = tmp_path / "history.sqlite"
    k = Session({**os.environ, "FACTORY_HISTORY": str(file)})
    try:
        k.run("int persisted = 41;")
        k.run("persisted + 1")
        first = k.history(hist_access_type="tail", n=10, output=False, raw=True)
        assert [(line, source) for _, line, source in first] == [(1, "int persisted = 41;"), (2, "persisted + 1")]
        session = first[0][0]

        k.restart()
        k.run("int fresh = 1;")

        tail = k.history(hist_access_type="tail", n=10, output=False, raw=True)
        assert tail == [
            (session, 1, "int persisted = 41;"),
            (session, 2, "persisted + 1"),
            (session + 1, 1, "int fresh = 1;"),
        ]
        previous = k.history(hist_access_type="range", session=-1, start=1, stop=3, output=True, raw=True)
        assert previous == [
            (session, 1, ["int persisted = 41;", None]),
            (session, 2, ["persisted + 1", "42"]),
        ]
        current = k.history(hist_access_type="range", session=0, start=1, stop=0, output=False, raw=True)
        assert current == [(session + 1, 1, "int fresh = 1;")]
        found = k.history(hist_access_type="search", pattern="*persisted*", n=10, unique=False, output=False, raw=True)
        assert [source for _, _, source in found] == ["int persisted = 41;", "persisted + 1"]
    finally:
        k.close()
    # IPython's layout; both sessions ended on a clean shutdown
    with sqlite3.connect(file) as db:
        sessions = db.execute("SELECT session, num_cmds, end IS NOT NULL FROM sessions ORDER BY session").fetchall()
        assert sessions == [(session, 2, 1), (session + 1, 1, 1)]


def test_default_file_and_off(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    env.pop("FACTORY_HISTORY", None)
    k = Session(env)
    try:
        k.run("int kept = 1;")
    finally:
        k.close()
    assert (data / "factory-java" / "history.sqlite").is_file()

    env["FACTORY_HISTORY"] = "off"
    env["XDG_DATA_HOME"] = str(tmp_path / "unused")
    k = Session(env)
    try:
        k.run("int notKept = 2;")
        k.restart()
        k.run("int after = 3;")
        tail = k.history(hist_access_type="tail", n=10, output=False, raw=True)
        assert [source for _, _, source in tail] == ["int after = 3;"]
    finally:
        k.close()
    assert not (tmp_path / "unused").exists()
