package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jupyter_kernel_test's conformance suite, every attribute filled: all its tests run and pass. */
class KernelConformanceIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_kernel.py", 600);
    PythonClientTests.assertAllPassed(r, 12);
  }
}
