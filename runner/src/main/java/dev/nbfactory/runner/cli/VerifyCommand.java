package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code factory verify}: re-hashes every stored object and checks none is missing. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check that every stored object is intact and none is missing.",
      "Re-hashes every object in the artifact store and checks that every version's object",
      "exists; lists each problem and exits with 1 when there is one."
    })
final class VerifyCommand extends RegistryCommand {
  VerifyCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    Registry.VerifyReport report = registry.verify();
    int objects = report.checked();
    List<String> problems = report.problems();
    if (problems.isEmpty()) {
      context.out().println(objects + (objects == 1 ? " object" : " objects") + " verified, ok");
      return 0;
    }
    for (String problem : problems) {
      context.out().println(Format.oneLine(problem));
    }
    context
        .err()
        .println(
            "factory: "
                + problems.size()
                + (problems.size() == 1 ? " problem" : " problems")
                + " in "
                + registry.location().display());
    return ErrorReporter.FAILED;
  }
}
