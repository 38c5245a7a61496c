package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FACTORY_TIMEOUT, startup scripts, FACTORY_CLASSPATH and FACTORY_KERNEL_OPTS, set in the kernel
 * process environment.
 */
class KernelSettingsIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_settings.py", 600);
    PythonClientTests.assertAllPassed(r, 4);
  }
}
