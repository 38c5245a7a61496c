package dev.nbfactory.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * %maven and %%loadFromPOM through jupyter_client: transitive dependencies from the local
 * repository, used by the next cell; asked twice; an unknown artifact.
 */
class KernelMavenIT {
  @TempDir Path jupyterPath;

  @Test
  void pytestPasses() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_maven.py", 600);
    PythonClientTests.assertAllPassed(r, 7);
  }
}
