package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Magics through jupyter_client: display magics, time, load, jars and classpath, an Extension from
 * a jar; completion after {@code %}, {@code %name?} and Shift-Tab help, the factory's javadoc.
 */
class KernelMagicsIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_magics.py", 600);
    PythonClientTests.assertAllPassed(r, 20);
  }
}
