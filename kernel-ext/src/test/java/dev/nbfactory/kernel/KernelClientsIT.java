package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nbconvert executes a notebook with every output kind; jupyter console runs cells. */
class KernelClientsIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_clients.py", 600);
    PythonClientTests.assertAllPassed(r, 2);
  }
}
