"""A kernel starts from the installed spec (with its class-data archive) and runs a cell."""

from conftest import Kernel


def test_kernel_starts_and_runs_a_cell():
    kernel = Kernel()
    try:
        content, outputs = kernel.execute('System.out.println("started"); 20 + 22')
        assert content["status"] == "ok"
        assert any(m["msg_type"] == "execute_result" for m in outputs)
    finally:
        kernel.close()
