package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.runner.notebook.AtomicFiles;
import dev.nbfactory.runner.schedule.AirflowExport;
import dev.nbfactory.runner.schedule.CronJobExport;
import dev.nbfactory.runner.schedule.ExportedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code factory export}: a schedule as a Kubernetes CronJob or an Airflow DAG. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a schedule to run elsewhere: a Kubernetes CronJob or an Airflow DAG.",
    subcommands = {ExportCommand.CronJob.class, ExportCommand.Airflow.class})
final class ExportCommand implements Callable<Integer> {
  private final CliContext context;
  @Spec private CommandSpec spec;

  ExportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return spec.exitCodeOnInvalidInput();
  }

  static int write(CliContext context, Path output, String text) throws IOException {
    if (output == null) {
      context.out().print(text);
      context.out().flush();
    } else {
      Path file = context.outputPath(output, "--output");
      AtomicFiles.checkWritable(file, "--output"); // a folder or an unwritable path: one line
      try {
        Files.writeString(file, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        // what the check cannot see, such as a loop of links: said as a failed write, not a bug
        throw new UncheckedIOException("cannot write --output " + file, e);
      }
      context.err().println("factory export: wrote " + file);
    }
    return 0;
  }

  @Command(
      name = "k8s-cronjob",
      mixinStandardHelpOptions = true,
      description = "A batch/v1 CronJob running 'factory run' on the pinned notebook.")
  static final class CronJob extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--image",
        defaultValue = CronJobExport.IMAGE,
        paramLabel = "IMAGE",
        description = "The image to run (default: ${DEFAULT-VALUE}, which the Dockerfile builds).")
    String image;

    @Option(
        names = "--objects-pvc",
        paramLabel = "NAME",
        description =
            "For a folder artifact store: the PersistentVolumeClaim holding it, mounted at"
                + " /objects. Not needed when FACTORY_OBJECTS is s3://...")
    String objectsPvc;

    @Option(names = "--namespace", paramLabel = "NS")
    String namespace;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write here, not stdout.")
    Path output;

    CronJob(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) throws IOException {
      ExportedStore store = ExportedStore.forKubernetes(registry.location(), objectsPvc);
      Schedule s = registry.schedules().get(name);
      return write(
          context,
          output,
          CronJobExport.yaml(
              s, registry.store().read(s.notebookObject()), image, namespace, store));
    }
  }

  @Command(
      name = "airflow",
      mixinStandardHelpOptions = true,
      description = "An Airflow DAG file with a BashOperator running 'factory run'.")
  static final class Airflow extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write here, not stdout.")
    Path output;

    Airflow(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) throws IOException {
      ExportedStore store = ExportedStore.forAirflow(registry.location());
      Schedule s = registry.schedules().get(name);
      return write(
          context, output, AirflowExport.dag(s, registry.store().read(s.notebookObject()), store));
    }
  }
}
