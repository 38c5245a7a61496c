package dev.nbfactory.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code factory alias}: the group of commands that name versions, such as {@code production}. */
@Command(
    name = "alias",
    mixinStandardHelpOptions = true,
    description = "Point named aliases, such as production, at artifact versions.",
    subcommands = {
      AliasSetCommand.class,
      AliasListCommand.class,
      AliasHistoryCommand.class,
      AliasRemoveCommand.class
    })
final class AliasCommand implements Callable<Integer> {
  private final CliContext context;
  @Spec private CommandSpec spec;

  AliasCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return spec.exitCodeOnInvalidInput();
  }
}
