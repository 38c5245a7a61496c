"""Real Jupyter clients, run as commands: nbconvert executes a notebook that produces every kind
of output, and jupyter console runs cells and shows their results."""

import base64
import json
import subprocess

import nbformat

CELLS = [
    ("markdown", "# Every output kind", []),
    ("code", 'System.out.println("to stdout");\nSystem.err.println("to stderr");', []),
    ("code", "6 * 7", []),
    ("code", 'display("<i>html</i>", "text/html");', []),
    ("code", 'String id = display("first");\nupdateDisplay(id, "second");', []),
    ("code", "%%markdown\n**markdown**", []),
    ("code", "%%svg\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"/>", []),
    (
        "code",
        "var img = new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg",
        [],
    ),
    ("code", 'System.out.println("gone");\nclearOutput();\nSystem.out.println("after clear");', []),
    ("code", 'throw new IllegalStateException("expected");', ["raises-exception"]),
    ("code", 'new Thread(() -> System.out.println("from a thread")).start();\nThread.sleep(200);', []),
]


def make_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "factory-java", "display_name": "Java (Factory)", "language": "java"}
    for kind, source, tags in CELLS:
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nbformat.write(nb, str(path))


def test_nbconvert_executes_a_notebook_with_every_output_kind(tmp_path):
    source = tmp_path / "every-output.ipynb"
    make_notebook(source)
    result = subprocess.run(
        ["/usr/bin/python3", "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=120", "--output", "executed.ipynb", str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(str(tmp_path / "executed.ipynb"), as_version=4)
    cells = nb.cells
    outputs = [c.get("outputs", []) for c in cells]

    streams = {(o["name"], o["text"]) for o in outputs[1] if o["output_type"] == "stream"}
    assert streams == {("stdout", "to stdout\n"), ("stderr", "to stderr\n")}
    assert outputs[2][0]["output_type"] == "execute_result"
    assert outputs[2][0]["data"]["text/plain"] == "42"
    assert outputs[2][0]["execution_count"] == cells[2]["execution_count"]
    assert outputs[3][0]["output_type"] == "display_data"
    assert outputs[3][0]["data"]["text/html"] == "<i>html</i>"
    assert outputs[4][0]["data"]["text/plain"] == "second", "update_display_data applied"
    assert outputs[5][0]["data"]["text/markdown"] == "**markdown**"
    assert "image/svg+xml" in outputs[6][0]["data"]
    png = base64.b64decode(outputs[7][0]["data"]["image/png"])
    assert png.startswith(b"\x89PNG")
    assert [o.get("text") for o in outputs[8]] == ["after clear\n"]
    assert outputs[9][0]["output_type"] == "error"
    assert outputs[9][0]["ename"] == "java.lang.IllegalStateException"
    assert outputs[10][0]["text"] == "from a thread\n"
    counts = [c["execution_count"] for c in cells if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_jupyter_console_runs_cells_and_shows_results():
    lines = "\n".join([
        "1 + 1",
        'System.out.println("hi from java")',
        'String name = "console";',
        "name.toUpperCase()",
    ]) + "\n"
    result = subprocess.run(
        ["/usr/bin/python3", "-m", "jupyter", "console", "--kernel", "factory-java", "--simple-prompt"],
        input=lines, capture_output=True, text=True, timeout=120,
    )
    out = result.stdout
    assert "Java (Factory)" in out
    assert "Out[1]: 2" in out
    assert "hi from java" in out
    assert "Out[4]: CONSOLE" in out
