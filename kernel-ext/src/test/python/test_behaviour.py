"""What a notebook user sees: values, errors with cell lines, streams from threads, System.exit,
stdin, silent and store_history, user_expressions."""

import time

from conftest import Kernel, text_of


def result_text(outputs):
    results = [m for m in outputs if m["msg_type"] == "execute_result"]
    assert len(results) == 1, outputs
    return results[0]["content"]["data"]["text/plain"]


def test_declarations_methods_classes_and_imports_live_across_cells(kernel):
    assert kernel.execute("import java.time.Duration;")[0]["status"] == "ok"
    assert kernel.execute("int base = 40;")[0]["status"] == "ok"
    assert kernel.execute("int plus(int a) { return base + a; }")[0]["status"] == "ok"
    assert kernel.execute("record Pair(int a, int b) { int sum() { return a + b; } }")[0]["status"] == "ok"
    content, outputs = kernel.execute("plus(new Pair(1, 1).sum()) + (int) Duration.ofSeconds(0).toSeconds()")
    assert result_text(outputs) == "42"


def test_last_expression_is_the_result_and_a_semicolon_hides_it(kernel):
    _, outputs = kernel.execute("int a = 2;\nint b = 3;\na * b")
    assert result_text(outputs) == "6"
    _, outputs = kernel.execute("int c = 2;\nc * 5;")
    assert [m for m in outputs if m["msg_type"] == "execute_result"] == []


def test_compile_error_names_the_cell_line_and_javac_message(kernel):
    content, outputs = kernel.execute('int ok = 1;\n\nString s = 42;')
    assert content["status"] == "error"
    assert content["ename"] == "CompilationException"
    assert "int cannot be converted to java.lang.String" in content["evalue"]
    traceback = "\n".join(content["traceback"])
    assert "line 3" in traceback
    assert "String s = 42;" in traceback
    assert [m["msg_type"] for m in outputs] == ["error"]


def test_runtime_exception_trace_is_cut_to_cell_code(kernel):
    kernel.execute("int divide(int a, int b) {\n  int q = a / b;\n  return q;\n}")
    content, _ = kernel.execute("int r = 1;\ndivide(r, 0)")
    assert content["status"] == "error"
    assert content["ename"] == "java.lang.ArithmeticException"
    traceback = content["traceback"]
    assert traceback[0] == "java.lang.ArithmeticException: / by zero"
    assert any("divide" in line and "line 2" in line for line in traceback), traceback
    assert any("line 2" in line for line in traceback[2:]), traceback
    assert not any("jdk.jshell" in line or "reflect" in line for line in traceback), traceback


def test_exception_cause_is_shown(kernel):
    content, _ = kernel.execute(
        'throw new RuntimeException("outer", new IllegalStateException("inner"));'
    )
    assert any(line.startswith("Caused by: java.lang.IllegalStateException: inner") for line in content["traceback"])


def test_system_exit_is_reported_and_the_kernel_lives_on(kernel):
    for code in ["System.exit(3);", "Runtime.getRuntime().exit(4);", "Runtime.getRuntime().halt(5);",
                 "Runnable r = () -> System.exit(6);\nr.run();",
                 "java.util.function.IntConsumer c = System::exit;\nc.accept(7);"]:
        content, outputs = kernel.execute(code)
        assert content["status"] == "error", code
        assert content["ename"] == "SystemExit", code
        assert "kernel keeps running" in content["evalue"]
    content, outputs = kernel.execute("6 * 7")
    assert result_text(outputs) == "42"
    assert kernel.km.is_alive()


def test_catching_exception_does_not_swallow_exit(kernel):
    content, _ = kernel.execute("try { System.exit(1); } catch (Exception e) { }")
    assert content["ename"] == "SystemExit"


def test_output_of_threads_the_cell_started_arrives_in_order(kernel):
    code = """
List<Thread> ts = new ArrayList<>();
for (int t = 0; t < 4; t++) {
  final int id = t;
  Thread th = new Thread(() -> { for (int i = 0; i < 200; i++) System.out.println("t" + id + " " + i); });
  ts.add(th);
  th.start();
}
for (Thread th : ts) th.join();
"""
    content, outputs = kernel.execute(code)
    assert content["status"] == "ok"
    lines = text_of(outputs).splitlines()
    assert len(lines) == 800
    for t in range(4):
        mine = [int(l.split()[1]) for l in lines if l.startswith(f"t{t} ")]
        assert mine == list(range(200))


def test_output_after_the_cell_ended_goes_to_that_cell(kernel):
    msg_id = kernel.kc.execute(
        'new Thread(() -> { try { Thread.sleep(500); } catch (InterruptedException e) {} '
        'System.out.println("late line"); }).start();'
    )
    kernel.reply_to(msg_id)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        msg = kernel.kc.get_iopub_msg(timeout=10)
        if msg["msg_type"] == "stream" and "late line" in msg["content"]["text"]:
            assert msg["parent_header"]["msg_id"] == msg_id
            return
    raise AssertionError("the late line never arrived")


def test_stream_written_through_a_kept_print_stream_is_not_lost(kernel):
    kernel.execute("java.io.PrintStream keep = System.out;")
    content, outputs = kernel.execute('keep.println("kept");')
    assert text_of(outputs) == "kept\n"


def test_stderr_and_stdout_keep_their_order(kernel):
    _, outputs = kernel.execute(
        'System.out.println("1"); System.err.println("2"); System.out.println("3");'
    )
    streams = [(m["content"]["name"], m["content"]["text"]) for m in outputs if m["msg_type"] == "stream"]
    assert streams == [("stdout", "1\n"), ("stderr", "2\n"), ("stdout", "3\n")]


def test_stdin_reads_through_input_request(kernel):
    msg_id = kernel.kc.execute(
        'System.out.print("name? "); String name = new Scanner(System.in).nextLine();\n"hi " + name',
        allow_stdin=True,
    )
    request = kernel.kc.get_stdin_msg(timeout=10)
    assert request["msg_type"] == "input_request"
    kernel.kc.input("Ada")
    reply = kernel.reply_to(msg_id)
    outputs = kernel.outputs(msg_id)
    assert reply["content"]["status"] == "ok"
    assert text_of(outputs) == "name? "
    assert result_text(outputs) == "hi Ada"


def test_stdin_without_allow_stdin_fails_fast(kernel):
    t0 = time.monotonic()
    content, _ = kernel.execute(
        "new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()",
        allow_stdin=False,
    )
    assert content["status"] == "error"
    assert "stdin is not available" in content["evalue"]
    assert time.monotonic() - t0 < 5


def test_silent_hides_input_and_result_and_keeps_count(kernel):
    before, _ = kernel.execute("1")
    msg_id = kernel.kc.execute("2 + 2", silent=True)
    reply = kernel.reply_to(msg_id)
    outputs = kernel.outputs(msg_id)
    assert reply["content"]["status"] == "ok"
    assert [m for m in outputs if m["msg_type"] == "execute_result"] == []
    after, _ = kernel.execute("1")
    assert after["execution_count"] == before["execution_count"] + 1


def test_store_history_false_keeps_count_and_history(kernel):
    before, _ = kernel.execute("1")
    kernel.execute("int unrecorded = 1;", store_history=False)
    after, _ = kernel.execute("1")
    assert after["execution_count"] == before["execution_count"] + 1
    msg_id = kernel.kc.history(hist_access_type="search", pattern="*unrecorded*", output=False, raw=True)
    reply = kernel.reply_to(msg_id)
    assert reply["content"]["history"] == []


def test_user_expressions_are_evaluated(kernel):
    kernel.execute("int answer = 42;")
    content, _ = kernel.execute(
        "answer++;", user_expressions={"a": "answer", "bad": "nope.nothing()"}
    )
    assert content["user_expressions"]["a"]["status"] == "ok"
    assert content["user_expressions"]["a"]["data"]["text/plain"] == "43"
    assert content["user_expressions"]["bad"]["status"] == "error"


def test_is_complete_with_indent(kernel):
    msg_id = kernel.kc.is_complete("void f() {\n  if (true) {")
    reply = kernel.reply_to(msg_id)["content"]
    assert reply["status"] == "incomplete"
    assert reply["indent"] == "      "


def test_inspect_a_variable_and_a_method(kernel):
    kernel.execute("String greeting = \"hello\";")
    msg_id = kernel.kc.inspect("greeting", 8)
    reply = kernel.reply_to(msg_id)["content"]
    assert reply["found"]
    assert "String" in reply["data"]["text/plain"]
    msg_id = kernel.kc.inspect("greeting.substring(", 19)
    reply = kernel.reply_to(msg_id)["content"]
    assert reply["found"]
    assert "substring(int" in reply["data"]["text/plain"]


def test_complete_in_a_multi_statement_cell(kernel):
    kernel.execute('String text = "x";')
    code = "int first = 1;\nfirst++;\ntext.toUpp"
    msg_id = kernel.kc.complete(code, len(code))
    reply = kernel.reply_to(msg_id)["content"]
    assert "toUpperCase(" in reply["matches"]
    assert code[reply["cursor_start"]:reply["cursor_end"]] == "toUpp"


def test_comm_info_and_unknown_comm_target(kernel):
    msg_id = kernel.kc.comm_info()
    reply = kernel.reply_to(msg_id)["content"]
    assert reply == {"status": "ok", "comms": {}}


def test_stop_on_error_aborts_queued_cells(kernel):
    first = kernel.kc.execute('throw new RuntimeException("stop here");')
    second = kernel.kc.execute("int neverRun = 1;")
    assert kernel.reply_to(first)["content"]["status"] == "error"
    assert kernel.reply_to(second)["content"]["status"] == "aborted"
    kernel.outputs(first)
    kernel.outputs(second)
    content, _ = kernel.execute("1 + 1")
    assert content["status"] == "ok"


def test_kernel_info_has_status_and_language(kernel):
    msg_id = kernel.kc.kernel_info()
    reply = kernel.reply_to(msg_id)["content"]
    assert reply["status"] == "ok"
    assert reply["implementation"] == "factory-java"
    assert reply["language_info"]["name"] == "java"


def test_a_flood_of_output_is_not_lost(kernel):
    content, outputs = kernel.execute(
        "for (int i = 0; i < 200_000; i++) System.out.println(i);", timeout=120
    )
    assert content["status"] == "ok"
    lines = text_of(outputs).splitlines()
    assert len(lines) == 200_000
    assert lines[-1] == "199999"


def test_tablesaw_table_renders_as_html_with_types_and_shape(kernel):
    content, outputs = kernel.execute(
        "import tech.tablesaw.api.*;\n"
        'Table t = Table.create("people", StringColumn.create("name", "ada", "<b>"), '
        "IntColumn.create(\"age\", 36, 7));\nt"
    )
    assert content["status"] == "ok", content
    data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
    html = data["text/html"]
    assert "<th>name<br><small>STRING</small></th>" in html
    assert "<th>age<br><small>INTEGER</small></th>" in html
    assert "&lt;b&gt;" in html
    assert "2 rows × 2 columns" in html
    assert "ada" in data["text/plain"]


def test_large_table_shows_head_and_tail(kernel):
    content, outputs = kernel.execute(
        'Table big = Table.create("big", IntColumn.create("n", java.util.stream.IntStream.range(0, 1000).toArray()));\nbig'
    )
    html = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/html"]
    assert "<td>0</td>" in html and "<td>999</td>" in html and "<td>500</td>" not in html
    assert "1000 rows × 1 columns" in html


def test_an_xchart_chart_shows_as_a_png_and_as_svg_when_asked(kernel):
    import base64

    content, outputs = kernel.execute(
        "import org.knowm.xchart.*;\n"
        'XYChart chart = new XYChartBuilder().width(320).height(240).title("loss").build();\n'
        'chart.addSeries("train", new double[] {1, 2, 3}, new double[] {0.9, 0.4, 0.2});\n'
        "chart"
    )
    assert content["status"] == "ok", content
    data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert data["text/plain"] == 'XYChart "loss" (320×240, 1 series: train)'
    content, outputs = kernel.execute('display(render(chart, "image/svg+xml"));')
    assert content["status"] == "ok", content
    data = [m for m in outputs if m["msg_type"] == "display_data"][0]["content"]["data"]
    assert "<svg" in data["image/svg+xml"] and "image/png" not in data

def test_a_tribuo_model_and_its_evaluation_render_as_html(kernel):
    content, outputs = kernel.execute(
        "import org.tribuo.*;\n"
        "import org.tribuo.classification.*;\n"
        "import org.tribuo.classification.evaluation.*;\n"
        "import org.tribuo.impl.ArrayExample;\n"
        "var labels = new LabelFactory();\n"
        'var data = new MutableDataset<Label>(new org.tribuo.provenance.SimpleDataSourceProvenance("hand", labels), labels);\n'
        'for (int i = 0; i < 8; i++) data.add(new ArrayExample<>(new Label(i < 4 ? "low" : "high"), new String[] {"x"}, new double[] {i}));\n'
        "var model = new org.tribuo.classification.dtree.CARTClassificationTrainer().train(data);\n"
        "model"
    )
    assert content["status"] == "ok", content
    html = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/html"]
    assert "<th>output domain</th><td>high, low</td>" in html
    assert "CARTClassificationTrainer" in html
    content, outputs = kernel.execute("new LabelEvaluator().evaluate(model, data)")
    html = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/html"]
    assert "<th>accuracy</th><td>1.0000</td>" in html


def test_library_info_logging_goes_to_the_kernels_stderr_not_the_cell(tmp_path):
    """Tribuo's INFO lines reach the kernel's own stderr (Jupyter's server log), not the cell;
    a warning still shows in the cell; %log org.tribuo INFO brings the lines back. The cells use
    Tribuo's types with no import: the kernel imports them."""
    log = tmp_path / "kernel-stderr.log"
    with open(log, "w") as err:
        k = Kernel(stderr=err)
        try:
            content, _ = k.execute(
                "var labels = new LabelFactory();\n"
                'var data = new MutableDataset<Label>(new org.tribuo.provenance.SimpleDataSourceProvenance("hand", labels), labels);\n'
                'for (int i = 0; i < 8; i++) data.add(new org.tribuo.impl.ArrayExample<>(new Label(i < 4 ? "low" : "high"), new String[] {"x"}, new double[] {i}));'
            )
            assert content["status"] == "ok", content
            train = "Model<Label> model = new org.tribuo.classification.sgd.linear.LogisticRegressionTrainer().train(data);"
            content, outputs = k.execute(train + '\njava.util.logging.Logger.getLogger("x").warning("a real warning");', timeout=60)
            assert content["status"] == "ok", content
            stderr = text_of(outputs, "stderr")
            assert "Training SGD model" not in stderr and "INFO" not in stderr
            assert "WARNING: a real warning" in stderr
            assert k.execute("%log org.tribuo INFO")[0]["status"] == "ok"
            content, outputs = k.execute(train)
            assert "INFO: Training SGD model with 8 examples" in text_of(outputs, "stderr")
        finally:
            k.close()
    assert "INFO: Training SGD model with 8 examples" in log.read_text()


def test_output_is_streamed_while_the_cell_runs(kernel):
    msg_id = kernel.kc.execute('System.out.println("first");\nThread.sleep(1500);\nSystem.out.println("second");')
    t0 = time.monotonic()
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            assert msg["content"]["text"] == "first\n"
            break
    assert time.monotonic() - t0 < 1.2, "the first line waited for the cell to end"
    kernel.reply_to(msg_id)
    kernel.outputs(msg_id)


def test_notebook_functions_work_from_inside_a_cell(kernel):
    """IJava's and JJava's notebook functions: eval (nested in the running cell), display,
    updateDisplay, render and lineMagic."""
    content, outputs = kernel.execute('int base = 40;\nObject sum = eval("base + 2");\nsum')
    assert content["status"] == "ok", content
    assert result_text(outputs) == "42"
    content, outputs = kernel.execute('eval("int fromEval = 7;");\nfromEval * 2')
    assert content["status"] == "ok", content
    assert result_text(outputs) == "14"
    content, outputs = kernel.execute(
        'String id = display("first");\nupdateDisplay(id, "second");\n'
        'render(java.util.List.of(1, 2))'
        '.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)')
    assert content["status"] == "ok", content
    shown = [m for m in outputs if m["msg_type"] == "display_data"]
    updated = [m for m in outputs if m["msg_type"] == "update_display_data"]
    assert shown[0]["content"]["data"]["text/plain"] == "first"
    assert updated[0]["content"]["data"]["text/plain"] == "second"
    assert updated[0]["content"]["transient"]["display_id"] == \
        shown[0]["content"]["transient"]["display_id"]
    assert result_text(outputs) == "[1, 2]"
    content, outputs = kernel.execute('lineMagic("factory", java.util.List.of("help"));')
    assert content["status"] == "ok", content
    shown = [m for m in outputs if m["msg_type"] == "display_data"]
    assert "%stage NAME" in shown[0]["content"]["data"]["text/plain"]
