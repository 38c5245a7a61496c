package dev.nbfactory.runner.cli;

import dev.nbfactory.kernel.JShellBoot;
import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.magics.schedule.PromoteOptions;
import dev.nbfactory.runner.execute.ExitCode;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code factory} command line. {@link #main} runs it for the terminal; {@link #execute} runs
 * it in-process with given streams, environment and working directory, and returns the exit code: 0
 * done, 1 the command failed, 2 the command line was wrong.
 */
@Command(
    name = "factory",
    mixinStandardHelpOptions = true,
    versionProvider = FactoryVersion.class,
    description = "Notebook Factory: the runs, artifacts and lineage recorded in a registry.",
    footer = {
      "",
      "The registry is --registry, else $FACTORY_REGISTRY, else the nearest .factory/ folder at or"
          + " above the working directory, else ~/.factory/. FACTORY_DEBUG=1 prints stack traces."
    })
public final class FactoryCli implements Callable<Integer> {
  /**
   * Every command. A command line gets only the one it names (all of them when it names none, or
   * asks for help): picocli reads a command's annotations when it is added, which cost a third of a
   * second for all of them.
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          InitCommand.class,
          RunsCommand.class,
          ShowCommand.class,
          ArtifactsCommand.class,
          LineageCommand.class,
          DiffCommand.class,
          CompareCommand.class,
          AliasCommand.class,
          VerifyCommand.class,
          GcCommand.class,
          DemoCommand.class,
          NewCommand.class,
          TemplatesCommand.class,
          KernelCommand.class,
          RunCommand.class,
          PipelineCommand.class,
          ExperimentsCommand.class,
          PromoteCommand.class,
          SchedulesCommand.class,
          SchedulerCommand.class,
          ExportCommand.class,
          ServeCommand.class,
          FeedbackCommand.class,
          SealCommand.class,
          UiCommand.class,
          WarmUpCommand.class,
          CommandLine.HelpCommand.class);

  private final CliContext context;
  @Spec private CommandSpec spec;

  FactoryCli(CliContext context) {
    this.context = context;
  }

  @Option(
      names = "--registry",
      paramLabel = "LOCATION",
      scope = ScopeType.INHERIT,
      description = "Registry folder or JDBC URL; overrides discovery.")
  void registry(String location) {
    context.setRegistryOption(location);
  }

  /** Without a command there is nothing to do: say what there is. */
  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return CommandLine.ExitCode.USAGE;
  }

  public static void main(String[] args) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen, always
    }
    if (runsANotebookHere(args)) {
      // JShell's start is most of a short run's time: begin it before parsing anything.
      // A stage started ahead of its turn has time to warm javac up too.
      JShellBoot.prestart(
          KernelSettings.fromEnvironment(System.getenv()),
          StageGate.held() ? StageGate.WARM_UPS : 0);
    }
    if (StageGate.held() && !StageGate.awaitGo(System.in)) {
      System.exit(0); // started ahead of a turn that did not come
    }
    System.exit(execute(args));
  }

  /**
   * Whether this command line runs a notebook in this JVM: {@code run} (not in another folder, not
   * only preparing) or {@code warm-up}.
   */
  static boolean runsANotebookHere(String... args) {
    int at = commandIndex(args);
    if (at < 0) {
      return false;
    }
    List<String> rest = List.of(args).subList(at + 1, args.length);
    return args[at].equals("warm-up")
        || (args[at].equals("run")
            && rest.stream()
                .noneMatch(
                    a ->
                        a.equals("--cwd")
                            || a.startsWith("--cwd=")
                            || a.equals("--prepare-only")
                            || a.equals("-h")
                            || a.equals("--help")));
  }

  /** Where the command's name is in {@code args}, past global options; -1 when there is none. */
  private static int commandIndex(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--registry")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return i;
      }
    }
    return -1;
  }

  /** Runs a command line against this process's terminal, environment and working directory. */
  public static int execute(String... args) {
    Charset charset = terminalCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
    CliContext context =
        new CliContext(
            out,
            err,
            System.getenv(),
            Path.of("").toAbsolutePath(),
            Clock.systemUTC(),
            canDrawBoxes(charset));
    return execute(context, args);
  }

  /** Runs a command line in-process: what tests and other tools embedding the CLI call. */
  public static int execute(
      PrintWriter out, PrintWriter err, Map<String, String> env, Path cwd, String... args) {
    return execute(new CliContext(out, err, env, cwd, Clock.systemUTC(), true), args);
  }

  static int execute(CliContext context, String... args) {
    CommandLine commandLine = commandLine(context, args);
    try {
      return commandLine.execute(args);
    } finally {
      context.out().flush();
      context.err().flush();
    }
  }

  static CommandLine commandLine(CliContext context, String... args) {
    CommandLine commandLine = new CommandLine(new FactoryCli(context), new CommandFactory(context));
    int at = commandIndex(args);
    String named = at < 0 ? null : args[at];
    boolean known = COMMANDS.stream().anyMatch(c -> nameOf(c).equals(named));
    for (Class<?> command : COMMANDS) {
      if (!known || named.equals("help") || nameOf(command).equals(named)) {
        commandLine.addSubcommand(command);
      }
    }
    CommandLine run = commandLine.getSubcommands().get("run");
    if (run != null) {
      run.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
    }
    CommandLine promote = commandLine.getSubcommands().get("promote");
    if (promote != null) {
      // promote's options are parsed by PromoteOptions, shared with %promote.
      promote.setUnmatchedOptionsArePositionalParams(true);
      List<String> footer = new java.util.ArrayList<>(List.of("", "Options:"));
      PromoteOptions.optionHelp(76).forEach(line -> footer.add("  " + line));
      promote.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    }
    // Set after the commands are added: picocli passes settings to the commands it has.
    ErrorReporter errors = new ErrorReporter(context);
    commandLine.registerConverter(Path.class, new Converters.FilePath());
    return commandLine
        // "--registry demo" names a folder, even though "demo" is also a command.
        .setAllowSubcommandsAsOptionParameters(true)
        .setOut(context.out())
        .setErr(context.err())
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** The charset the terminal decodes: what the JVM was told stdout uses, else the platform's. */
  private static Charset terminalCharset() {
    for (String property :
        new String[] {"stdout.encoding", "sun.stdout.encoding", "native.encoding"}) {
      String name = System.getProperty(property);
      if (name != null && Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    }
    return Charset.defaultCharset();
  }

  private static boolean canDrawBoxes(Charset charset) {
    return charset.newEncoder().canEncode("├─│└→");
  }
}
