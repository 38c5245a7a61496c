package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a notebook user sees, through jupyter_client: values, errors, streams, exit, stdin. */
class KernelBehaviourIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_behaviour.py", 600);
    PythonClientTests.assertAllPassed(r, 27);
  }
}
