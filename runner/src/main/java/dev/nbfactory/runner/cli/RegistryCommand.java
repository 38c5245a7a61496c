package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that works on an existing registry: opens it, runs, and closes it. */
abstract class RegistryCommand implements Callable<Integer> {
  protected final CliContext context;
  @Spec protected CommandSpec spec;

  RegistryCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public final Integer call() throws Exception {
    validate();
    if (helpAsked()) {
      spec.commandLine().usage(context.out());
      return 0;
    }
    try (Registry registry = context.openExistingRegistry()) {
      return run(registry);
    }
  }

  /** Checks option values picocli cannot; throws {@link #usageError} before the registry opens. */
  void validate() {}

  /** For a command that parses its own options: help needs no registry. */
  boolean helpAsked() {
    return false;
  }

  abstract int run(Registry registry) throws Exception;

  /** A command-line mistake: reported with a pointer to --help, exit code 2. */
  ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
