"""Magics: display cell magics, %time, %lsmagic, help, completion and inspection of magics, %load,
%jars and %classpath, and an Extension that arrives in a jar added by %jars; javadoc of the
factory's classes on inspection."""

import json
import os
import shlex
import shutil
import subprocess
import textwrap
import zipfile

import pytest

from conftest import Kernel, text_of


def kinds(outputs):
    return [m["msg_type"] for m in outputs]


@pytest.mark.parametrize(
    "magic, mime, body",
    [
        ("html", "text/html", "<b>bold</b>"),
        ("markdown", "text/markdown", "# Title"),
        ("svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'),
    ],
)
def test_display_cell_magics(kernel, magic, mime, body):
    content, outputs = kernel.execute(f"%%{magic}\n{body}")
    assert content["status"] == "ok"
    displays = [m for m in outputs if m["msg_type"] == "display_data"]
    assert len(displays) == 1
    assert displays[0]["content"]["data"][mime] == body


def test_lsmagic_lists_every_magic(kernel):
    content, outputs = kernel.execute("%lsmagic")
    text = text_of(outputs)
    for name in ["%jars", "%classpath", "%load", "%time", "%lsmagic", "%reset", "%%html", "%%markdown", "%%svg", "%%time"]:
        assert name in text


def test_magic_help(kernel):
    content, _ = kernel.execute("%jars?")
    assert content["status"] == "ok"
    assert "classpath" in content["payload"][0]["data"]["text/plain"]


def completed(code, reply):
    """The cell as the client leaves it after taking each match: code[start:end] replaced."""
    start, end = reply["cursor_start"], reply["cursor_end"]
    return [code[:start] + m + code[end:] for m in reply["matches"]]


def test_tab_after_percent_offers_the_line_magics(kernel):
    reply = kernel.complete("%lin")
    assert reply["status"] == "ok"
    assert "%lineage" in reply["matches"]
    assert "%lineage" in completed("%lin", reply)
    assert all(m.startswith("%lin") for m in reply["matches"])
    # after "=", as the kernel's magic parser takes it
    assert "var g = %lineage" in completed("var g = %lin", kernel.complete("var g = %lin"))


def test_tab_after_double_percent_offers_the_cell_magics(kernel):
    reply = kernel.complete("%%ht")
    assert completed("%%ht", reply) == ["%%html"]
    # a cell magic only starts a cell
    assert kernel.complete("int a = 1;\n%%ht")["matches"] == []
    # mid-word: the whole name is replaced
    assert completed("%%mar\nbody", kernel.complete("%%mar\nbody", 3)) == ["%%markdown\nbody"]


def test_a_factory_magic_has_help(kernel):
    content, _ = kernel.execute("%lineage?")
    page = content["payload"][0]["data"]["text/plain"]
    assert page.startswith("%lineage [NAME[@V]]")  # its usage first
    assert "Draw where an artifact version came from" in page
    content, _ = kernel.execute("%%params?")
    page = content["payload"][0]["data"]["text/plain"]
    assert page.startswith("%%params")
    assert "Declares the stage's parameters" in page


def test_every_listed_magic_has_help(kernel):
    _, outputs = kernel.execute("%lsmagic")
    names = [line.split()[0] for line in text_of(outputs).splitlines() if line.startswith("  %")]
    assert "%lineage" in names and "%%params" in names
    for name in names:
        content, _ = kernel.execute(name + "?")
        page = content["payload"][0]["data"]["text/plain"]
        assert page.startswith(name), (name, page)
        assert "No magic" not in page


def test_magic_help_as_a_kernels_first_request():
    """The factory magics are described while JShell starts: a first %lineage? waits for them."""
    k = Kernel(warm_up=False)
    try:
        content, _ = k.execute("%lineage?", timeout=60)
        assert "Draw where an artifact version came from" in content["payload"][0]["data"]["text/plain"]
    finally:
        k.close()


def test_shift_tab_on_a_magic_shows_its_help(kernel):
    for code, cursor in [("%lineage", None), ("%lineage", 3), ("%lineage ", None)]:
        reply = kernel.inspect(code, cursor)
        assert reply["found"], (code, cursor)
        assert reply["data"]["text/plain"].startswith("%lineage [NAME[@V]]")


def test_shift_tab_shows_the_factorys_javadoc(kernel):
    reply = kernel.inspect("Factory.table(")
    assert reply["found"]
    text = reply["data"]["text/plain"]
    assert "Factory.table(String ref)" in text
    assert "A dataset as a Tablesaw table, with the column types it was stored with." in text
    reply = kernel.inspect("Gate.on(")
    assert "The gate of artifact, a model's name." in reply["data"]["text/plain"]
    content, _ = kernel.execute("Factory.table?")
    assert "A dataset as a Tablesaw table" in content["payload"][0]["data"]["text/plain"]


def test_cell_time(kernel):
    content, outputs = kernel.execute("%%time\nint t = 0;\nfor (int i = 0; i < 1000; i++) t += i;\nt")
    assert content["status"] == "ok"
    assert "Wall time:" in text_of(outputs)
    assert [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"] == "499500"


def test_line_time(kernel):
    content, outputs = kernel.execute("%time Thread.sleep(50);")
    assert content["status"] == "ok"
    assert "Wall time:" in text_of(outputs)


def test_unknown_magic_is_a_clear_error(kernel):
    content, _ = kernel.execute("%nosuchmagic")
    assert content["status"] == "error"
    assert "nosuchmagic" in content["evalue"]


def test_load_a_jsh_file_and_a_notebook(kernel, tmp_path):
    jsh = tmp_path / "helpers.jsh"
    jsh.write_text("int triple(int x) { return 3 * x; }\n")
    content, _ = kernel.execute(f'%load {jsh}\ntriple(5)')
    assert content["status"] == "ok"
    nb = tmp_path / "lib.ipynb"
    nb.write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# helpers"]},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": ["int twice(int x) {\n", "  return 2 * x;\n", "}"]},
        ],
    }))
    content, outputs = kernel.execute(f"%load {nb}\ntwice(21)")
    assert content["status"] == "ok"
    assert [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"] == "42"


def test_load_of_a_missing_file_is_an_error(kernel):
    content, _ = kernel.execute("%load /no/such/file.jsh")
    assert content["status"] == "error"
    assert "/no/such/file.jsh" in content["evalue"]


def kernel_classpath():
    spec = subprocess.run(
        ["/usr/bin/python3", "-m", "jupyter", "kernelspec", "list", "--json"],
        capture_output=True, text=True, check=True,
    )
    resource_dir = json.loads(spec.stdout)["kernelspecs"]["factory-java"]["resource_dir"]
    with open(os.path.join(resource_dir, "kernel.json")) as f:
        argv = json.load(f)["argv"]
    # /bin/sh -c "exec 'JAVA' ... -cp 'CLASSPATH' ..." (the spec's own quoting, no quotes inside)
    words = shlex.split(argv[2].replace("${FACTORY_KERNEL_OPTS:-}", ""))
    return words[words.index("-cp") + 1], os.path.dirname(words[1])


def build_jar(tmp_path):
    """A jar with a class and an Extension that registers the line magic %greet."""
    classpath, java_bin = kernel_classpath()
    javac = os.path.join(java_bin, "javac")
    if not os.path.exists(javac):
        javac = shutil.which("javac")
    src = tmp_path / "src" / "demo"
    src.mkdir(parents=True)
    (src / "Greeter.java").write_text(textwrap.dedent("""
        package demo;
        public class Greeter {
          public static int installs;
          public String hello(String who) { return "hello, " + who; }
        }
    """))
    (src / "GreeterExtension.java").write_text(textwrap.dedent("""
        package demo;
        import org.dflib.jjava.jupyter.Extension;
        import org.dflib.jjava.jupyter.kernel.BaseKernel;
        import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
        public class GreeterExtension implements Extension {
          @Override public void install(BaseKernel kernel) {
            Greeter.installs++;
            kernel.getMagicsRegistry().registerLineMagic("greet",
                (LineMagic<String, BaseKernel>) (k, args) -> {
                  System.out.println("greetings, " + String.join(" ", args));
                  return null;
                });
          }
        }
    """))
    classes = tmp_path / "classes"
    subprocess.run([javac, "-d", str(classes), "-cp", classpath,
                    str(src / "Greeter.java"), str(src / "GreeterExtension.java")], check=True)
    jar = tmp_path / "greeter.jar"
    with zipfile.ZipFile(jar, "w") as z:
        for root, _, files in os.walk(classes):
            for name in files:
                full = os.path.join(root, name)
                z.write(full, os.path.relpath(full, classes))
        z.writestr("META-INF/services/org.dflib.jjava.jupyter.Extension", "demo.GreeterExtension\n")
    return jar, classes


def test_jars_adds_classes_and_installs_the_extension_once(kernel, tmp_path):
    jar, _ = build_jar(tmp_path)
    content, _ = kernel.execute(f"%jars {tmp_path}/*.jar")
    assert content["status"] == "ok", content
    content, outputs = kernel.execute('new demo.Greeter().hello("jar")')
    assert [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"] == "hello, jar"
    content, outputs = kernel.execute("%greet you")
    assert text_of(outputs) == "greetings, you\n"
    # registered without help, it is still listed and completed
    assert kernel.complete("%gre")["matches"] == ["%greet"]
    assert "%greet" in text_of(kernel.execute("%lsmagic")[1])
    kernel.execute(f"%jars {jar}")
    content, outputs = kernel.execute("demo.Greeter.installs")
    assert [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"] == "1"


def test_classpath_adds_a_class_folder(kernel, tmp_path):
    _, classes = build_jar(tmp_path)
    (classes / "demo" / "Greeter.class").rename(classes / "demo" / "Greeter.class.bak")
    other = tmp_path / "other" / "more"
    other.mkdir(parents=True)
    (tmp_path / "More.java").write_text("package more; public class More { public static int n() { return 7; } }")
    subprocess.run([kernel_classpath()[1] + "/javac", "-d", str(tmp_path / "other"), str(tmp_path / "More.java")], check=True)
    content, _ = kernel.execute(f"%classpath {tmp_path / 'other'}")
    assert content["status"] == "ok", content
    content, outputs = kernel.execute("more.More.n()")
    assert [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"] == "7"


def test_jars_that_match_nothing_is_an_error(kernel):
    content, _ = kernel.execute("%jars /no/such/*.jar")
    assert content["status"] == "error"
    assert "matches no jar" in content["evalue"]
