package dev.nbfactory.runner.cli;

import dev.nbfactory.kernel.KernelSpecInstaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code factory kernel install|uninstall}: the Jupyter kernel spec "Java (Factory)", as {@code
 * jupyter kernelspec install} places specs.
 */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    description = "Install or remove the Java (Factory) Jupyter kernel spec.",
    subcommands = {KernelCommand.Install.class, KernelCommand.Uninstall.class})
final class KernelCommand implements Callable<Integer> {
  private final CliContext context;

  KernelCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.err().println("factory: say 'factory kernel install' or 'factory kernel uninstall'");
    return 2;
  }

  /** Where the spec goes: one of the places Jupyter looks. */
  static final class Where {
    @Option(names = "--user", description = "The user's Jupyter data folder (the default).")
    boolean user;

    @Option(
        names = "--sys-prefix",
        description = "sys.prefix of the Python that runs Jupyter ($FACTORY_PYTHON, else python3).")
    boolean sysPrefix;

    @Option(
        names = "--prefix",
        paramLabel = "DIR",
        description = "DIR/share/jupyter/kernels, for a JUPYTER_PATH entry DIR/share/jupyter.")
    Path prefix;

    static Path kernels(Where where, CliContext context) {
      if (where != null && where.prefix != null) {
        return KernelSpecInstaller.kernelsDirectory(
            KernelSpecInstaller.Scope.PREFIX, context.cwd().resolve(where.prefix));
      }
      if (where != null && where.sysPrefix) {
        return KernelSpecInstaller.kernelsDirectory(KernelSpecInstaller.Scope.SYS_PREFIX, null);
      }
      return KernelSpecInstaller.kernelsDirectory(KernelSpecInstaller.Scope.USER, null);
    }
  }

  /** The spec's name, shared by install and uninstall. */
  static final class SpecName {
    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "Spec name (default ${DEFAULT-VALUE}).")
    String name = KernelSpecInstaller.DEFAULT_NAME;
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Write the kernel spec (kernel.json with interrupt_mode message, logos) so Jupyter offers"
            + " \"Java (Factory)\".",
        "The kernel runs with this JVM and this installation's jars. A class-data archive is"
            + " recorded at install for a faster start unless --no-archive."
      })
  static final class Install implements Callable<Integer> {
    private final CliContext context;

    @ArgGroup(exclusive = true)
    Where where;

    @Mixin SpecName spec;

    @Option(
        names = "--jvm-opts",
        paramLabel = "OPTIONS",
        description = "JVM options for the kernel, space-separated, such as \"-Xmx4g\".")
    String jvmOptions = "";

    @Option(names = "--no-archive", description = "Skip recording the class-data archive.")
    boolean noArchive;

    Install(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
      Path kernels = Where.kernels(where, context);
      List<String> options =
          jvmOptions.isBlank() ? List.of() : Arrays.asList(jvmOptions.trim().split("\\s+"));
      KernelSpecInstaller.Spec kernel;
      try {
        kernel = KernelSpecInstaller.Spec.ofThisJvm(spec.name, options);
      } catch (IllegalArgumentException e) {
        throw new dev.nbfactory.registry.InvalidInputException(e.getMessage());
      }
      try {
        if (noArchive) {
          Path dir = KernelSpecInstaller.install(kernels, kernel);
          context.out().println("installed kernel spec '" + spec.name + "' in " + dir);
        } else {
          KernelSpecInstaller.Installed installed =
              KernelSpecInstaller.installWithArchive(kernels, kernel);
          context
              .out()
              .println("installed kernel spec '" + spec.name + "' in " + installed.directory());
          if (installed.archive() == null) {
            context.err().println("factory: no class-data archive: " + installed.noArchiveReason());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not write the kernel spec in " + kernels, e);
      }
      return 0;
    }
  }

  @Command(
      name = "uninstall",
      mixinStandardHelpOptions = true,
      description = "Remove the kernel spec.")
  static final class Uninstall implements Callable<Integer> {
    private final CliContext context;

    @ArgGroup(exclusive = true)
    Where where;

    @Mixin SpecName spec;

    Uninstall(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Path kernels = Where.kernels(where, context);
      try {
        if (KernelSpecInstaller.uninstall(kernels, spec.name)) {
          context.out().println("removed kernel spec '" + spec.name + "' from " + kernels);
          return 0;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not remove the kernel spec from " + kernels, e);
      }
      context.err().println("factory: no kernel spec '" + spec.name + "' in " + kernels);
      return 1;
    }
  }
}
