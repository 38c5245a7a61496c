"""Conformance of the Java (Factory) kernel, checked by jupyter_kernel_test.

Every attribute of KernelTests is filled in, so no test is skipped. The kernel spec must be
findable: KernelConformanceIT points JUPYTER_PATH at a folder it wrote the spec into.
"""

import unittest

import jupyter_kernel_test


class FactoryJavaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "factory-java"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "String.valueO", "matches": {"valueOf("}},
    ]

    complete_code_samples = [
        "int x = 1;",
        "1 + 1",
        "for (int i = 0; i < 3; i++) {\n  System.out.println(i);\n}",
        "void hello() {}",
        "%lsmagic",
    ]
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        "class Point {",
        "int y = 1 +",
    ]
    invalid_code_samples = ["}", "int z = 1; )"]

    code_page_something = "Math.abs?"

    code_generate_error = 'throw new IllegalStateException("expected");'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"java".toUpperCase()', "result": "JAVA"},
        {"code": "Math.max(6, 7)", "result": "7"},
    ]

    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    code_history_pattern = "1?+?2"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.abs"

    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main()
