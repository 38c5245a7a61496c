package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History across restarts through jupyter_client: cells of a session, a restart (a new kernel
 * process), then tail, range and search see them; the default file, and FACTORY_HISTORY=off.
 */
class KernelHistoryIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_history.py", 600);
    PythonClientTests.assertAllPassed(r, 2);
  }
}
