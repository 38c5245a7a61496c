package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.Seal;
import dev.nbfactory.web.serve.Sealer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code factory seal NAME}: the prediction log sealed now, without a server. Its own run of stage
 * {@code seal}: a serving run is a server's life (its heartbeat, its served versions, its live
 * metrics), and a one-shot seal that opened one would show up as a server that answered nothing.
 */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description = {
      "Seal what of a served model's prediction log waits now into dataset versions, as",
      "'factory serve' does periodically: NAME.predictions (every decision) and NAME.feedback",
      "(decisions with their outcome, labelled rows for the next training), outputs of a run of",
      "stage 'seal' whose inputs are the model versions that decided. Nothing waiting, nothing",
      "written."
    })
final class SealCommand extends RegistryCommand {
  /** The stage of the runs this command opens: {@code factory runs --stage seal}. */
  static final String STAGE = "seal";

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The served model, such as cancer-model.")
  private String model;

  SealCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    registry
        .latest(model)
        .orElseThrow(() -> new InvalidInputException("no artifact named '" + model + "'"));
    Run run =
        registry.startRun(
            RunStart.builder(STAGE)
                .kind(RunKind.HEADLESS)
                .description("seals the prediction log of " + model)
                .build());
    List<Seal> seals;
    try {
      seals = Sealer.sealAll(registry, run.id(), model);
    } catch (RuntimeException e) {
      registry.finishRun(run.id(), RunStatus.FAILED, e.getMessage());
      throw e;
    }
    registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
    if (seals.isEmpty()) {
      context.out().println("nothing of " + model + "'s prediction log waits to be sealed");
    }
    for (Seal seal : seals) {
      context.out().println(Sealer.describe(seal) + " (run " + run.shortId() + ")");
    }
    return 0;
  }
}
