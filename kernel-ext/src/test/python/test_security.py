"""Messages with a forged or missing signature, or malformed parts, are dropped; the kernel
keeps answering good requests (RELIABILITY.md 23)."""

import hashlib
import hmac
import json
import time
import uuid
from datetime import datetime, timezone

import pytest
import zmq
from jupyter_client.session import Session

from conftest import Kernel


@pytest.fixture(scope="module")
def kernel():
    k = Kernel()
    yield k
    k.close()


def raw_shell_socket(kernel):
    info = kernel.km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
    return sock, info


def header(msg_type):
    return {
        "msg_id": uuid.uuid4().hex,
        "username": "attacker",
        "session": uuid.uuid4().hex,
        "date": datetime.now(timezone.utc).isoformat(),
        "msg_type": msg_type,
        "version": "5.3",
    }


def execute_content(code):
    return {
        "code": code,
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": False,
    }


def frames(key, parts, signature=None):
    raw = [json.dumps(p).encode() if not isinstance(p, bytes) else p for p in parts]
    if signature is None:
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for r in raw:
            mac.update(r)
        signature = mac.hexdigest().encode()
    return [b"<IDS|MSG>", signature] + raw


def no_reply(sock, seconds=1.5):
    return sock.poll(int(seconds * 1000)) == 0


def assert_still_answers(kernel, marker_check=True):
    content, outputs = kernel.execute('System.getProperty("forged", "not set")', timeout=10)
    assert content["status"] == "ok"
    assert outputs[0]["content"]["data"]["text/plain"] == "not set"


FORGED_CODE = 'System.setProperty("forged", "yes")'


def test_message_signed_with_the_wrong_key_is_dropped(kernel):
    info = kernel.km.get_connection_info()
    forger = Session(key=b"not-the-key", signature_scheme=info["signature_scheme"])
    sock, _ = raw_shell_socket(kernel)
    forger.send(sock, "execute_request", execute_content(FORGED_CODE))
    assert no_reply(sock)
    assert_still_answers(kernel)


def test_unsigned_message_is_dropped(kernel):
    sock, info = raw_shell_socket(kernel)
    h = header("execute_request")
    sock.send_multipart(frames(b"", [h, {}, {}, execute_content(FORGED_CODE)], signature=b""))
    assert no_reply(sock)
    assert_still_answers(kernel)


def test_tampered_content_is_dropped(kernel):
    sock, info = raw_shell_socket(kernel)
    key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
    h = header("execute_request")
    good = frames(key, [h, {}, {}, execute_content("1 + 1")])
    good[-1] = json.dumps(execute_content(FORGED_CODE)).encode()
    sock.send_multipart(good)
    assert no_reply(sock)
    assert_still_answers(kernel)


@pytest.mark.parametrize(
    "parts",
    [
        [b"not json", b"{}", b"{}", b"{}"],
        [b"[]", b"{}", b"{}", b"{}"],
        [json.dumps({"msg_id": "x"}).encode(), b"{}", b"{}", b"{}"],
        [json.dumps(header("execute_request")).encode(), b"{}", b"{}", b"{\"code\": 12"],
        [json.dumps(header("execute_request")).encode(), b"{}", b"{}", b"\xff\xfe"],
    ],
    ids=["header-not-json", "header-not-object", "header-without-type", "truncated-content", "bad-utf8"],
)
def test_malformed_message_with_a_good_signature_is_dropped(kernel, parts):
    sock, info = raw_shell_socket(kernel)
    key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
    sock.send_multipart(frames(key, parts))
    assert no_reply(sock, 1.0)
    assert_still_answers(kernel)


def test_too_few_frames_and_no_delimiter_are_dropped(kernel):
    sock, info = raw_shell_socket(kernel)
    sock.send_multipart([b"<IDS|MSG>", b"abc"])
    sock.send_multipart([b"just", b"garbage", b"frames"])
    assert no_reply(sock, 1.0)
    assert_still_answers(kernel)


def test_forged_message_on_control_is_dropped(kernel):
    info = kernel.km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(f"{info['transport']}://{info['ip']}:{info['control_port']}")
    forger = Session(key=b"not-the-key", signature_scheme=info["signature_scheme"])
    forger.send(sock, "shutdown_request", {"restart": False})
    assert no_reply(sock)
    assert_still_answers(kernel)
    assert kernel.km.is_alive()


def test_a_flood_of_forged_messages_does_not_stop_the_kernel(kernel):
    info = kernel.km.get_connection_info()
    forger = Session(key=b"not-the-key", signature_scheme=info["signature_scheme"])
    sock, _ = raw_shell_socket(kernel)
    for _ in range(500):
        forger.send(sock, "execute_request", execute_content(FORGED_CODE))
    t0 = time.monotonic()
    assert_still_answers(kernel)
    assert time.monotonic() - t0 < 5


def start_with_empty_key(kernel_name):
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=kernel_name, session=Session(key=b""))
    km.start_kernel()
    return km


def test_empty_key_is_refused_without_the_insecure_flag():
    km = start_with_empty_key("factory-java")
    try:
        deadline = time.monotonic() + 30
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not km.is_alive(), "a kernel with an empty key must refuse to run"
        assert km.provisioner.process.returncode == 2
    finally:
        km.cleanup_resources()


def test_empty_key_is_accepted_with_the_insecure_flag():
    km = start_with_empty_key("factory-java-insecure")
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        msg_id = kc.execute("1 + 1")
        while True:
            reply = kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel()
