package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory through jupyter_client: 1,000 cells that declare an 800 KB array anew stay within 100 MB
 * of the idle RSS; {@code %reset} clears the session and frees what it held.
 */
class KernelMemoryIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_memory.py", 300);
    PythonClientTests.assertAllPassed(r, 3);
  }
}
