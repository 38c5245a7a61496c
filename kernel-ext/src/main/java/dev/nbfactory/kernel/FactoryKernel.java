package dev.nbfactory.kernel;

import com.google.gson.JsonObject;
import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.eval.CellExecutionControl;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.log.LogMagic;
import dev.nbfactory.kernel.log.LogRouter;
import dev.nbfactory.kernel.magic.CellRewriter;
import dev.nbfactory.kernel.magic.KernelMagics;
import dev.nbfactory.kernel.magic.MagicCompletion;
import dev.nbfactory.kernel.magic.MagicHelp;
import dev.nbfactory.kernel.magic.ResetMagic;
import dev.nbfactory.kernel.maven.MavenMagics;
import dev.nbfactory.kernel.maven.MavenResolver;
import dev.nbfactory.kernel.maven.MavenSettings;
import dev.nbfactory.kernel.render.KernelRenderer;
import dev.nbfactory.kernel.wire.JjavaMessages;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.KernelConnection.Channel;
import dev.nbfactory.kernel.wire.WireMessage;
import dev.nbfactory.registry.RunKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java (Factory) kernel: JShell as a language on jjava-jupyter's {@link BaseKernel}, so that
 * magics, renderers and {@code org.dflib.jjava.jupyter.Extension}s work as in IJava and JJava. The
 * protocol's requests go to a {@link MessageDispatcher}; this class is the language adapter (eval,
 * inspect, complete, is_complete, language info) and the {@link KernelHost} its extensions see.
 */
public final class FactoryKernel extends BaseKernel implements KernelHost {
  /** The kernel spec's name, also the {@code implementation} in {@code kernel_info}. */
  public static final String NAME = "factory-java";

  /** Shown by Jupyter in its kernel menus. */
  public static final String DISPLAY_NAME = "Java (Factory)";

  private static final Logger LOG = LoggerFactory.getLogger(FactoryKernel.class);
  private static final String VERSION =
      Optional.ofNullable(FactoryKernel.class.getPackage().getImplementationVersion())
          .orElse("0.1.0");

  private final KernelConnection connection;
  private final KernelSettings settings;
  private final OutputRouter router;
  private final LogRouter logs;
  private final CellHistory history;
  private final MavenResolver mavenResolver;
  private final MavenMagics maven;
  private final MagicHelp magicHelp;
  private final CellHooks cellHooks = new CellHooks();
  private final KernelStartup startup;
  private final CellRunner runner;
  private final CellInterrupter interrupter;
  private final MessageDispatcher dispatcher;

  private FactoryKernel(
      KernelConnection connection,
      KernelSettings settings,
      CellIO io,
      MagicsRegistry magics,
      OutputRouter router) {
    super(
        NAME,
        VERSION,
        languageInfo(),
        List.of(
            new HelpLink(
                "Java API",
                "https://docs.oracle.com/en/java/javase/"
                    + Runtime.version().feature()
                    + "/docs/api/")),
        null,
        io,
        new CommManager(),
        new KernelRenderer(),
        new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
        magics,
        true,
        new StringStyler.Builder()
            .addPrimaryStyle(TextColor.BOLD_RESET_FG)
            .addSecondaryStyle(TextColor.BOLD_RED_FG)
            .addHighlightStyle(TextColor.BOLD_RESET_FG)
            .build());
    this.connection = connection;
    this.settings = settings;
    this.router = router;
    this.logs = new LogRouter(router.stderr(), () -> router.target() != null, KernelStdio.err());
    this.history = settings.historyFile().map(CellHistory::new).orElseGet(CellHistory::new);
    this.startup = new KernelStartup(settings);
    this.magicHelp = new MagicHelp(magicsRegistry);
    commManager.setIOPubChannel(connection.iopubChannel());
    KernelMagics.register(magicsRegistry, magicHelp, this::addToClasspath);
    LogMagic.register(magicsRegistry, magicHelp, logs);
    ResetMagic.register(magicsRegistry, magicHelp);
    this.mavenResolver =
        new MavenResolver(
            () ->
                MavenSettings.load(
                    settings.mavenRepository().orElse(null),
                    Path.of(System.getProperty("user.home"))));
    this.maven = new MavenMagics(mavenResolver, this::addToClasspath);
    maven.register(magicsRegistry, magicHelp);
    CellRewriter.describe(magicHelp);
    this.runner =
        new CellRunner(
            startup::evaluator,
            startup::reset,
            cellHooks,
            magicParser,
            renderer,
            settings.timeout());
    this.interrupter = new CellInterrupter(router, startup::started, connection.iopub());
    Replies replies = new Replies(connection);
    ExecuteRequests execute =
        new ExecuteRequests(
            new ExecuteRequests.Parts(
                connection,
                replies,
                router,
                io,
                commManager,
                history,
                cellHooks,
                runner,
                magicHelp,
                startup::evaluator));
    this.dispatcher =
        new MessageDispatcher(
            connection,
            replies,
            () -> KernelInfo.reply(VERSION, languageInfo, helpLinks),
            execute,
            new CodeRequests(startup::evaluator, magicHelp),
            new HistoryRequests(history),
            new CommRequests(connection, commManager),
            interrupter);
  }

  /**
   * A kernel on {@code connection}. Call {@link #start()} next; the connection should be started
   * first so that {@code kernel_info} is answered while JShell warms up.
   */
  public static FactoryKernel create(KernelConnection connection, KernelSettings settings) {
    OutputRouter router =
        new OutputRouter(connection.iopub(), KernelStdio.out(), KernelStdio.err());
    return new FactoryKernel(connection, settings, new CellIO(), new MagicsRegistry(), router);
  }

  private static LanguageInfo languageInfo() {
    return new LanguageInfo.Builder("java")
        .version(Runtime.version().toString())
        .mimetype("text/x-java-source")
        .fileExtension(".jshell")
        .pygments("java")
        .codemirror("java")
        .build();
  }

  /**
   * Routes {@code System.out}, {@code System.err} and {@code System.in} to cells and libraries'
   * logging ({@link LogRouter}), then starts JShell, runs the startup code and installs extensions,
   * on a thread of its own.
   */
  public void start() {
    logs.install();
    KernelStdio.install(
        router.stdout(),
        router.stderr(),
        new KernelStdin(router, connection.stdin(), connection.iopub()));
    startup.start(
        router::bindThread,
        renderer,
        new KernelStartup.Extensions() {
          @Override
          public void loadDeclared() {
            onStartup();
          }

          @Override
          public void loadFrom(ClassLoader loader) {
            installExtensions(loader);
          }
        });
  }

  /** Handles one request; called on the thread of the channel it came in on. */
  public void handle(Channel channel, WireMessage request) {
    dispatcher.handle(channel, request);
  }

  /**
   * Waits until JShell has started (it starts on a thread of its own), for a caller that wants a
   * start failure or a start past its deadline as such, rather than as the first cell's error.
   *
   * @throws TimeoutException when JShell is not up within {@code timeout}
   * @throws IllegalStateException with the reason when JShell could not start
   */
  public void awaitEvaluator(Duration timeout) throws TimeoutException {
    startup.evaluatorWithin(timeout);
  }

  /**
   * Adds jars or class folders to the classpath of later cells, and installs the {@code Extension}s
   * they declare.
   */
  public void addToClasspath(List<Path> paths) {
    for (Path p : paths) {
      startup.addToClasspath(p.toString());
    }
    ClassLoader loader = startup.evaluator().cellClassLoader();
    if (loader != null && extensionsEnabled) {
      installExtensions(loader);
    }
  }

  /** Stops JShell and extensions; the connection is closed by its owner. */
  public void close() {
    runner.close();
    cellHooks.shutdown();
    try {
      onShutdown(false);
    } catch (RuntimeException e) {
      LOG.debug("extension shutdown", e);
    }
    JShellEvaluator ev = startup.started();
    if (ev != null) {
      ev.close();
    }
    mavenResolver.close();
    history.close();
    logs.uninstall();
  }

  /** The cell that runs now, for the shutdown hook's last words. */
  CellContext runningCell() {
    return router.current();
  }

  OutputRouter router() {
    return router;
  }

  // ---- KernelHost ----

  @Override
  public RunKind mode() {
    return settings.mode();
  }

  @Override
  public Optional<Path> connectionFile() {
    return settings.connectionFile();
  }

  @Override
  public void addCellHook(CellHook hook) {
    cellHooks.add(hook);
  }

  @Override
  public void addDefaultImports(List<String> imports) {
    startup.addImports(imports);
  }

  @Override
  public void describeMagic(String name, boolean cell, String usage, String help) {
    if (cell) {
      magicHelp.cell(name, usage, help);
    } else {
      magicHelp.line(name, usage, help);
    }
  }

  @Override
  public List<String> mavenCoordinates() {
    return maven.coordinates();
  }

  @Override
  public void clearOutput(boolean wait) {
    JsonObject content = new JsonObject();
    content.addProperty("wait", wait);
    router.publish("clear_output", content);
  }

  // ---- BaseKernel ----

  /** Extensions are found by the service files the kernel's own class loader sees. */
  @Override
  protected ClassLoader getClassLoader() {
    return FactoryKernel.class.getClassLoader();
  }

  @Override
  public void display(DisplayData data) {
    JsonObject json = JjavaMessages.GSON.toJsonTree(data).getAsJsonObject();
    if (!json.has("metadata")) {
      json.add("metadata", new JsonObject());
    }
    if (!router.publish("display_data", json)) {
      KernelStdio.out().println(data.getData(MIMEType.TEXT_PLAIN));
    }
  }

  @Override
  public Object evalRaw(String source) {
    try {
      Object value = startup.evaluator().eval(magicParser.resolveMagics(source), "eval");
      return value == CellExecutionControl.NO_VALUE ? null : value;
    } catch (CellException e) {
      throw new IllegalStateException(String.join("\n", e.traceback()), e);
    }
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    JShellEvaluator ev = startup.evaluator();
    return MagicCompletion.inspect(code, at, magicHelp)
        .or(() -> ev.inspect(code, at))
        .map(DisplayData::new)
        .orElse(null);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    JShellEvaluator ev = startup.evaluator();
    JShellEvaluator.Completion c =
        MagicCompletion.complete(code, at, magicHelp).orElseGet(() -> ev.complete(code, at));
    return new ReplacementOptions(c.matches(), c.start(), c.end());
  }

  @Override
  public String isComplete(String code) {
    return startup.evaluator().isComplete(code);
  }

  @Override
  public void interrupt() {
    interrupter.interrupt();
  }

  @Override
  public List<String> formatError(Throwable e) {
    return List.of(Replies.stackTrace(e).split("\n"));
  }
}
