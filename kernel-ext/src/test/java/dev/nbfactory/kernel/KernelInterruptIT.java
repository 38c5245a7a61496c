package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupts through jupyter_client stop running cells; the next request is answered within 2 s.
 */
class KernelInterruptIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_interrupt.py", 600);
    PythonClientTests.assertAllPassed(r, 7);
  }
}
