package dev.nbfactory.runner.execute;

import dev.nbfactory.kernel.NotebookClasspath;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path of a JVM that runs one notebook for the runner: a pipeline's stage, a scheduled
 * firing, {@code factory run --cwd}. The kernel's jars ({@link NotebookClasspath}), this module's
 * jar and the few libraries {@code factory run} itself uses ({@code stage.classpath}, written by
 * the build); the servers, the scheduler's web views and the export models stay out.
 */
public final class StageClasspath {
  /** The runner's list, a resource beside this class. */
  static final String STAGE_LIST = "/dev/nbfactory/runner/stage.classpath";

  private StageClasspath() {}

  /** The entries of {@code classpath} (in order) a stage JVM needs. */
  public static List<Path> of(List<Path> classpath) {
    Set<String> kernel =
        NotebookClasspath.names(NotebookClasspath.class, NotebookClasspath.KERNEL_LIST);
    Set<String> stage = NotebookClasspath.names(StageClasspath.class, STAGE_LIST);
    if (kernel.isEmpty() || stage.isEmpty()) {
      return List.copyOf(classpath); // a build without the lists: everything, as before
    }
    Set<String> names = new HashSet<>(kernel);
    names.addAll(stage);
    return NotebookClasspath.lean(classpath, names, NotebookClasspath.class, StageClasspath.class);
  }
}
