package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code factory init [DIR]}: creates {@code DIR/.factory} with an empty registry, once. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create a registry in DIR/.factory.",
      "DIR defaults to the working directory.",
      "Safe to repeat: an existing registry is left as it is (and upgraded if its schema is old).",
      "With --registry and no DIR, creates the registry there instead (such as a PostgreSQL URL)."
    })
final class InitCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Project folder.")
  private Path dir;

  InitCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    RegistryLocation location = target();
    boolean existed =
        location.folder() != null
            && Files.isRegularFile(location.folder().resolve(RegistryLocation.DATABASE));
    try (Registry registry = Registry.open(location, Clock.systemUTC())) {
      List<Integer> applied = registry.appliedMigrations();
      String where = location.display();
      if (applied.isEmpty()) {
        context.out().println("registry already exists at " + where);
      } else if (existed || !applied.contains(1)) {
        context.out().println("upgraded the registry at " + where + " to schema " + applied);
      } else {
        context.out().println("created a registry at " + where);
      }
    }
    return 0;
  }

  private RegistryLocation target() {
    if (dir == null && context.registryOption() != null) {
      return context.location();
    }
    Path project = dir == null ? context.cwd() : context.cwd().resolve(dir);
    Path folder =
        project.getFileName() != null
                && project.getFileName().toString().equals(RegistryLocation.FOLDER)
            ? project
            : project.resolve(RegistryLocation.FOLDER);
    return RegistryLocation.ofFolder(folder);
  }
}
