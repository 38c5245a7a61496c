package dev.nbfactory.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.eval.CellExecutionControl;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.magic.CellRewriter;
import dev.nbfactory.kernel.magic.KernelMagics;
import dev.nbfactory.kernel.magic.MagicHelp;
import dev.nbfactory.kernel.maven.MavenMagics;
import dev.nbfactory.kernel.maven.MavenResolver;
import dev.nbfactory.kernel.maven.MavenSettings;
import dev.nbfactory.kernel.render.ChartRenderer;
import dev.nbfactory.kernel.render.EvaluationRenderer;
import dev.nbfactory.kernel.render.KernelRenderer;
import dev.nbfactory.kernel.render.ModelRenderer;
import dev.nbfactory.kernel.render.TableRenderer;
import dev.nbfactory.kernel.wire.JjavaMessages;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.KernelConnection.Channel;
import dev.nbfactory.kernel.wire.WireCodec;
import dev.nbfactory.kernel.wire.WireMessage;
import dev.nbfactory.registry.RunKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.dflib.jjava.jupyter.messages.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java (Factory) kernel: JShell cells on jjava-jupyter's {@link BaseKernel}, so that magics,
 * renderers and {@code org.dflib.jjava.jupyter.Extension}s work as in IJava and JJava. It answers
 * every request of the Jupyter messaging protocol it is sent, itself, with the fields the protocol
 * asks for.
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
  private static final Pattern HELP =
      Pattern.compile("^\\s*(\\?\\s*(%{0,2}[\\w.$]+)|(%{0,2}[\\w.$]+)\\s*\\?)\\s*$");

  private final KernelConnection connection;
  private final KernelSettings settings;
  private final OutputRouter router;
  private final CellIO cellIo;
  private final CellHistory history;
  private final MavenResolver mavenResolver;
  private final MavenMagics maven;
  private final MagicHelp magicHelp = new MagicHelp();
  private final CompletableFuture<JShellEvaluator> evaluator = new CompletableFuture<>();
  private final List<CellHook> cellHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile JShellEvaluator starting;
  private final ScheduledExecutorService timer;
  private int executionCount;

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
    this.cellIo = io;
    this.router = router;
    this.history = settings.historyFile().map(CellHistory::new).orElseGet(CellHistory::new);
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(group, r, "kernel-timer");
              t.setDaemon(true);
              return t;
            });
    commManager.setIOPubChannel(connection.iopubChannel());
    KernelMagics.register(magicsRegistry, magicHelp, this::addToClasspath);
    this.mavenResolver =
        new MavenResolver(
            () ->
                MavenSettings.load(
                    settings.mavenRepository().orElse(null),
                    Path.of(System.getProperty("user.home"))));
    this.maven = new MavenMagics(mavenResolver, this::addToClasspath);
    maven.register(magicsRegistry, magicHelp);
    CellRewriter.describe(magicHelp);
  }

  /**
   * Adds jars or class folders to the classpath of later cells, and installs the {@code Extension}s
   * they declare.
   */
  public void addToClasspath(List<Path> paths) {
    JShellEvaluator ev = evaluator();
    for (Path p : paths) {
      ev.addToClasspath(p.toString());
    }
    ClassLoader loader = ev.cellClassLoader();
    if (loader != null && extensionsEnabled) {
      installExtensions(loader);
    }
  }

  @Override
  public List<String> mavenCoordinates() {
    return maven.coordinates();
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
   * Routes {@code System.out}, {@code System.err} and {@code System.in} to cells, then starts
   * JShell, runs the startup code and installs extensions, on a thread of its own.
   */
  public void start() {
    KernelStdio.install(
        router.stdout(),
        router.stderr(),
        new KernelStdin(router, connection.stdin(), connection.iopub()));
    Thread init = new Thread(Thread.currentThread().getThreadGroup(), this::init, "kernel-init");
    init.setDaemon(true);
    init.start();
  }

  private void init() {
    try {
      JShellEvaluator ev = JShellBoot.boot(settings, router::bindThread);
      starting = ev;
      // After JShell's first compile: classpath added before it does not reach the compiler.
      for (String path : settings.classpath()) {
        ev.addToClasspath(path);
      }
      TableRenderer.register(renderer);
      ChartRenderer.register(renderer);
      EvaluationRenderer.register(renderer);
      ModelRenderer.register(renderer);
      onStartup(); // the factory extension among them, by its service file
      if (!settings.classpath().isEmpty() && ev.cellClassLoader() != null) {
        installExtensions(ev.cellClassLoader()); // extensions in FACTORY_CLASSPATH jars
      }
      for (String script : settings.startupScripts()) {
        ev.eval(Files.readString(Path.of(script), StandardCharsets.UTF_8), script);
      }
      if (!settings.startupScript().isBlank()) {
        ev.eval(settings.startupScript(), "FACTORY_STARTUP_SCRIPT");
      }
      evaluator.complete(ev);
    } catch (CellException e) {
      LOG.error("startup code failed: {}", String.join("\n", e.traceback()));
      evaluator.completeExceptionally(
          new IllegalStateException("startup code failed: " + e.evalue()));
    } catch (IOException | RuntimeException | Error e) {
      LOG.error("the kernel could not start JShell", e);
      evaluator.completeExceptionally(e);
    }
  }

  /**
   * Waits until JShell has started (it starts on a thread of its own), for a caller that wants a
   * start failure or a start past its deadline as such, rather than as the first cell's error.
   *
   * @throws TimeoutException when JShell is not up within {@code timeout}
   * @throws IllegalStateException with the reason when JShell could not start
   */
  public void awaitEvaluator(java.time.Duration timeout) throws TimeoutException {
    evaluatorWithin(timeout);
  }

  private JShellEvaluator evaluator() {
    try {
      return evaluatorWithin(null);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no deadline, yet timed out", e);
    }
  }

  /** JShell once it has started, waiting at most {@code timeout} (null: as long as it takes). */
  private JShellEvaluator evaluatorWithin(java.time.Duration timeout) throws TimeoutException {
    try {
      return timeout == null
          ? evaluator.get()
          : evaluator.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while JShell starts", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "JShell did not start: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Handles one request; called on the thread of the channel it came in on. */
  public void handle(Channel channel, WireMessage request) {
    switch (request.type()) {
      case "execute_request" -> execute(channel, request);
      case "kernel_info_request" -> serve(channel, request, "kernel_info_reply", this::kernelInfo);
      case "complete_request" -> serve(channel, request, "complete_reply", () -> complete(request));
      case "inspect_request" -> serve(channel, request, "inspect_reply", () -> inspect(request));
      case "is_complete_request" ->
          serve(channel, request, "is_complete_reply", () -> isComplete(request));
      case "history_request" -> serve(channel, request, "history_reply", () -> history(request));
      case "comm_info_request" ->
          serve(channel, request, "comm_info_reply", () -> commInfo(request));
      case "interrupt_request" -> serve(channel, request, "interrupt_reply", this::interruptCell);
      case "shutdown_request" -> shutdown(channel, request);
      case "comm_open", "comm_msg", "comm_close" -> comm(request);
      default -> LOG.warn("ignored a {} message: this kernel does not handle it", request.type());
    }
  }

  private void serve(
      Channel channel, WireMessage request, String replyType, Supplier<JsonObject> body) {
    status(request, "busy");
    try {
      connection.reply(channel, request, replyType, body.get());
    } catch (RuntimeException e) {
      LOG.warn("{} failed", request.type(), e);
      connection.reply(channel, request, replyType, errorContent(e));
    } finally {
      status(request, "idle");
    }
  }

  private void status(WireMessage request, String state) {
    JsonObject content = new JsonObject();
    content.addProperty("execution_state", state);
    connection.iopub().publish("status", request.header(), content);
  }

  private JsonObject kernelInfo() {
    JsonObject info = new JsonObject();
    info.addProperty("status", "ok");
    info.addProperty("protocol_version", WireCodec.PROTOCOL_VERSION);
    info.addProperty("implementation", NAME);
    info.addProperty("implementation_version", VERSION);
    JsonObject language = new JsonObject();
    language.addProperty("name", languageInfo.getName());
    language.addProperty("version", languageInfo.getVersion());
    language.addProperty("mimetype", languageInfo.getMimetype());
    language.addProperty("file_extension", languageInfo.getFileExtension());
    language.addProperty("pygments_lexer", languageInfo.getPygmentsLexer());
    language.addProperty("codemirror_mode", "text/x-java");
    info.add("language_info", language);
    info.addProperty(
        "banner",
        DISPLAY_NAME
            + " "
            + VERSION
            + " :: JShell on Java "
            + Runtime.version()
            + " :: Protocol "
            + WireCodec.PROTOCOL_VERSION);
    info.addProperty("debugger", false);
    JsonArray links = new JsonArray();
    for (HelpLink link : helpLinks) {
      JsonObject l = new JsonObject();
      l.addProperty("text", link.getText());
      l.addProperty("url", link.getUrl());
      links.add(l);
    }
    info.add("help_links", links);
    return info;
  }

  // ---- execute ----

  private void execute(Channel channel, WireMessage request) {
    String code = request.string("code", "");
    boolean silent = request.bool("silent", false);
    boolean storeHistory = !silent && request.bool("store_history", true);
    boolean stopOnError = request.bool("stop_on_error", true);
    int count = storeHistory ? ++executionCount : executionCount;
    status(request, "busy");
    CellContext cell = new CellContext(request, request.bool("allow_stdin", false));
    cellIo.attach(new CellReplyEnvironment(connection, request));
    commManager.setMessageContext(KernelConnection.contextOf(request));
    if (!silent) {
      JsonObject input = new JsonObject();
      input.addProperty("code", code);
      input.addProperty("execution_count", count);
      connection.iopub().publish("execute_input", request.header(), input);
    }
    router.begin(cell);
    JsonObject reply = new JsonObject();
    String output = null;
    boolean failed = false;
    CellException failedWith = null;
    try {
      Matcher help = HELP.matcher(code);
      JsonArray payload = new JsonArray();
      String timed = CellRewriter.timedBody(code);
      if (help.matches()) {
        payload.add(page(help.group(2) != null ? help.group(2) : help.group(3)));
      } else if (timed != null) {
        long start = System.nanoTime();
        try {
          output = executeBody(request, cell, timed, count, silent);
        } finally {
          System.out.printf("Wall time: %s%n", duration(System.nanoTime() - start));
        }
      } else {
        output = executeBody(request, cell, code, count, silent);
      }
      reply.addProperty("status", "ok");
      reply.addProperty("execution_count", count);
      reply.add("payload", payload);
      reply.add("user_expressions", userExpressions(request));
    } catch (CellException e) {
      failed = true;
      failedWith = e;
      if (!silent) {
        connection.iopub().publish("error", request.header(), errorJson(e, false));
      }
      reply = errorJson(e, true);
      reply.addProperty("execution_count", count);
      reply.add("payload", new JsonArray());
      reply.add("user_expressions", new JsonObject());
    } finally {
      router.end(cell);
    }
    for (CellHook hook : cellHooks) {
      hook.cellFinished(count, failedWith);
    }
    if (storeHistory) {
      history.add(count, code, output);
    }
    // Requests already queued when the cell failed are aborted; read them before the reply
    // goes out, so that a request a client sends after seeing the reply is never among them.
    List<WireMessage> queued =
        failed && stopOnError && channel == Channel.SHELL
            ? connection.pendingShellRequests()
            : List.of();
    connection.reply(channel, request, "execute_reply", reply);
    status(request, "idle");
    abort(queued);
  }

  /** Runs a cell's code and publishes its value; returns the value's text, or null. */
  private String executeBody(
      WireMessage request, CellContext cell, String code, int count, boolean silent)
      throws CellException {
    Object value = runCell(cell, code, "In[" + count + "]");
    if (value == CellExecutionControl.NO_VALUE) {
      return null;
    }
    DisplayData data = render(value);
    if (!silent) {
      JsonObject result = new JsonObject();
      result.addProperty("execution_count", count);
      JsonObject json = JjavaMessages.GSON.toJsonTree(data).getAsJsonObject();
      result.add("data", json.get("data"));
      result.add("metadata", json.has("metadata") ? json.get("metadata") : new JsonObject());
      connection.iopub().publish("execute_result", request.header(), result);
    }
    Object text = data.getData(MIMEType.TEXT_PLAIN);
    return text == null ? null : text.toString();
  }

  private static String duration(long nanos) {
    if (nanos < 1_000_000_000L) {
      return String.format("%.1f ms", nanos / 1e6);
    }
    return String.format("%.2f s", nanos / 1e9);
  }

  private Object runCell(CellContext cell, String code, String label) throws CellException {
    JShellEvaluator ev;
    try {
      ev = evaluator();
    } catch (IllegalStateException e) {
      throw new CellException("KernelStartupError", e.getMessage(), List.of(e.getMessage()));
    }
    String java;
    try {
      String source = CellRewriter.expandLoads(code);
      for (CellHook hook : cellHooks) {
        source = hook.rewrite(source);
      }
      java = magicParser.resolveMagics(source);
    } catch (RuntimeException e) {
      throw new CellException(
          "MagicSyntaxError",
          String.valueOf(e.getMessage()),
          List.of(String.valueOf(e.getMessage())));
    }
    ScheduledFuture<?> limit = null;
    if (!settings.timeout().isZero()) {
      long millis = settings.timeout().toMillis();
      limit =
          timer.schedule(
              () -> {
                cell.markInterrupted();
                ev.interrupt(
                    "the cell ran longer than FACTORY_TIMEOUT (" + millis / 1000.0 + " s)");
              },
              millis,
              TimeUnit.MILLISECONDS);
    }
    try {
      return ev.eval(java, label, cell::isInterrupted);
    } finally {
      if (limit != null) {
        limit.cancel(false);
      }
    }
  }

  private DisplayData render(Object value) throws CellException {
    if (value == null) {
      return new DisplayData("null");
    }
    try {
      return value instanceof DisplayData d ? d : getRenderer().render(value);
    } catch (RuntimeException e) {
      throw new CellException(
          "RenderException",
          "could not display the cell's value: " + e,
          List.of("could not display the cell's value:", stackTrace(e)));
    }
  }

  private JsonObject userExpressions(WireMessage request) {
    JsonObject out = new JsonObject();
    JsonElement expressions = request.content().get("user_expressions");
    if (expressions == null || !expressions.isJsonObject()) {
      return out;
    }
    for (Map.Entry<String, JsonElement> e : expressions.getAsJsonObject().entrySet()) {
      JsonObject result;
      try {
        String expression = e.getValue().getAsString();
        Object value = evaluator().eval(expression, "user_expressions");
        DisplayData data = render(value == CellExecutionControl.NO_VALUE ? null : value);
        JsonObject json = JjavaMessages.GSON.toJsonTree(data).getAsJsonObject();
        result = new JsonObject();
        result.addProperty("status", "ok");
        result.add("data", json.get("data"));
        result.add("metadata", json.has("metadata") ? json.get("metadata") : new JsonObject());
      } catch (CellException ex) {
        result = errorJson(ex, true);
      } catch (RuntimeException ex) {
        result = errorContent(ex);
      }
      out.add(e.getKey(), result);
    }
    return out;
  }

  /** After a failed cell, queued execute requests are aborted, as IPython does. */
  private void abort(List<WireMessage> requests) {
    for (WireMessage queued : requests) {
      if (queued.type().equals("execute_request")) {
        status(queued, "busy");
        JsonObject aborted = new JsonObject();
        aborted.addProperty("status", "aborted");
        aborted.addProperty("execution_count", executionCount);
        connection.reply(Channel.SHELL, queued, "execute_reply", aborted);
        status(queued, "idle");
      } else {
        handle(Channel.SHELL, queued);
      }
    }
  }

  private JsonObject page(String name) {
    String doc =
        name.startsWith("%")
            ? Optional.ofNullable(magicHelp.help(name))
                .orElse("No magic " + name + "; see %lsmagic")
            : evaluator().inspect(name, name.length()).orElse("No documentation found for " + name);
    JsonObject data = new JsonObject();
    data.addProperty("text/plain", doc);
    JsonObject page = new JsonObject();
    page.addProperty("source", "page");
    page.add("data", data);
    page.addProperty("start", 0);
    return page;
  }

  // ---- other requests ----

  private JsonObject complete(WireMessage request) {
    String code = request.string("code", "");
    int cursor = clamp(request.integer("cursor_pos", code.length()), code);
    JShellEvaluator.Completion c = evaluator().complete(code, cursor);
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    JsonArray matches = new JsonArray();
    c.matches().forEach(matches::add);
    reply.add("matches", matches);
    reply.addProperty("cursor_start", c.start());
    reply.addProperty("cursor_end", c.end());
    reply.add("metadata", new JsonObject());
    return reply;
  }

  private JsonObject inspect(WireMessage request) {
    String code = request.string("code", "");
    int cursor = clamp(request.integer("cursor_pos", code.length()), code);
    Optional<String> doc = evaluator().inspect(code, cursor);
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    reply.addProperty("found", doc.isPresent());
    JsonObject data = new JsonObject();
    doc.ifPresent(d -> data.addProperty("text/plain", d));
    reply.add("data", data);
    reply.add("metadata", new JsonObject());
    return reply;
  }

  private JsonObject isComplete(WireMessage request) {
    String code = request.string("code", "");
    String status;
    if (code.strip().startsWith("%")) {
      status = "complete"; // a magic
    } else {
      try {
        status = evaluator().isComplete(code);
      } catch (RuntimeException e) {
        LOG.warn("is_complete failed", e);
        status = "unknown"; // the protocol has no error status for this reply
      }
    }
    JsonObject reply = new JsonObject();
    reply.addProperty("status", status);
    if (status.equals("incomplete")) {
      reply.addProperty("indent", indent(code));
    }
    return reply;
  }

  private static String indent(String code) {
    String[] lines = code.split("\n", -1);
    String last = "";
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        last = lines[i];
        break;
      }
    }
    String lead = last.substring(0, last.length() - last.stripLeading().length());
    String end = last.strip();
    return end.endsWith("{") || end.endsWith("(") ? lead + "    " : lead;
  }

  private JsonObject history(WireMessage request) {
    boolean withOutput = request.bool("output", false);
    String access = request.string("hist_access_type", "tail");
    List<CellHistory.Entry> entries =
        switch (access) {
          case "range" ->
              history.range(
                  request.integer("session", 0),
                  request.integer("start", 0),
                  request.integer("stop", 0));
          case "search" ->
              history.search(
                  request.string("pattern", "*"),
                  request.integer("n", 0),
                  request.bool("unique", false));
          default -> history.tail(request.integer("n", 10));
        };
    JsonArray list = new JsonArray();
    for (CellHistory.Entry e : entries) {
      JsonArray item = new JsonArray();
      item.add(e.session());
      item.add(e.line());
      if (withOutput) {
        JsonArray io = new JsonArray();
        io.add(e.input());
        io.add(e.output());
        item.add(io);
      } else {
        item.add(e.input());
      }
      list.add(item);
    }
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    reply.add("history", list);
    return reply;
  }

  private JsonObject commInfo(WireMessage request) {
    String target = request.string("target_name", null);
    JsonObject comms = new JsonObject();
    commManager.forEach(
        comm -> {
          if (target == null || target.equals(comm.getTargetName())) {
            JsonObject info = new JsonObject();
            info.addProperty("target_name", comm.getTargetName());
            comms.add(comm.getID(), info);
          }
        });
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    reply.add("comms", comms);
    return reply;
  }

  private void comm(WireMessage request) {
    CellReplyEnvironment env = new CellReplyEnvironment(connection, request);
    try {
      switch (request.type()) {
        case "comm_open" ->
            commManager.handleCommOpenCommand(
                env, JjavaMessages.message(request, MessageType.COMM_OPEN_COMMAND));
        case "comm_msg" ->
            commManager.handleCommMsgCommand(
                env, JjavaMessages.message(request, MessageType.COMM_MSG_COMMAND));
        default ->
            commManager.handleCommCloseCommand(
                env, JjavaMessages.message(request, MessageType.COMM_CLOSE_COMMAND));
      }
    } finally {
      env.resolveDeferrals();
    }
  }

  private JsonObject interruptCell() {
    CellContext cell = router.current();
    if (cell != null) {
      cell.markInterrupted();
    }
    JShellEvaluator ev = startedEvaluator();
    if (ev != null) {
      ev.interrupt("the cell was interrupted");
    }
    if (cell != null) {
      connection.iopub().discardStreams(cell.parentHeader());
    }
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    return reply;
  }

  /** JShell once it has started; null while it starts, or when it could not start. */
  private JShellEvaluator startedEvaluator() {
    return evaluator.isCompletedExceptionally() ? null : evaluator.getNow(null);
  }

  private void shutdown(Channel channel, WireMessage request) {
    boolean restart = request.bool("restart", false);
    status(request, "busy");
    interruptCell();
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    reply.addProperty("restart", restart);
    connection.reply(channel, request, "shutdown_reply", reply);
    status(request, "idle");
    connection.shutdown();
  }

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
    JShellEvaluator ev = evaluator.isDone() ? evaluator() : starting;
    if (ev == null) {
      throw new IllegalStateException("JShell has not started yet");
    }
    try {
      ev.addImports(imports);
    } catch (CellException e) {
      throw new IllegalStateException("cannot import " + imports + ": " + e.evalue(), e);
    }
  }

  @Override
  public void describeMagic(String name, boolean cell, String help) {
    if (cell) {
      magicHelp.cell(name, help);
    } else {
      magicHelp.line(name, help);
    }
  }

  /** Stops JShell and extensions; the connection is closed by its owner. */
  public void close() {
    timer.shutdownNow();
    for (CellHook hook : cellHooks) {
      try {
        hook.shutdown();
      } catch (RuntimeException e) {
        LOG.warn("a cell hook failed at shutdown", e);
      }
    }
    try {
      onShutdown(false);
    } catch (RuntimeException e) {
      LOG.debug("extension shutdown", e);
    }
    JShellEvaluator ev = startedEvaluator();
    if (ev != null) {
      ev.close();
    }
    mavenResolver.close();
    history.close();
  }

  /** The cell that runs now, for the shutdown hook's last words. */
  CellContext runningCell() {
    return router.current();
  }

  OutputRouter router() {
    return router;
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
  public void clearOutput(boolean wait) {
    JsonObject content = new JsonObject();
    content.addProperty("wait", wait);
    router.publish("clear_output", content);
  }

  @Override
  public Object evalRaw(String source) {
    try {
      Object value = evaluator().eval(magicParser.resolveMagics(source), "eval");
      return value == CellExecutionControl.NO_VALUE ? null : value;
    } catch (CellException e) {
      throw new IllegalStateException(String.join("\n", e.traceback()), e);
    }
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return evaluator().inspect(code, at).map(DisplayData::new).orElse(null);
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    JShellEvaluator.Completion c = evaluator().complete(code, at);
    return new ReplacementOptions(c.matches(), c.start(), c.end());
  }

  @Override
  public String isComplete(String code) {
    return evaluator().isComplete(code);
  }

  @Override
  public void interrupt() {
    interruptCell();
  }

  @Override
  public List<String> formatError(Throwable e) {
    return List.of(stackTrace(e).split("\n"));
  }

  // ---- helpers ----

  private static int clamp(int cursor, String code) {
    return Math.max(0, Math.min(cursor, code.length()));
  }

  private static JsonObject errorJson(CellException e, boolean withStatus) {
    JsonObject error = new JsonObject();
    if (withStatus) {
      error.addProperty("status", "error");
    }
    error.addProperty("ename", e.ename());
    error.addProperty("evalue", e.evalue());
    JsonArray traceback = new JsonArray();
    e.traceback().forEach(traceback::add);
    error.add("traceback", traceback);
    return error;
  }

  private static JsonObject errorContent(Throwable e) {
    return errorJson(
        new CellException(
            e.getClass().getName(),
            String.valueOf(e.getMessage()),
            List.of(stackTrace(e).split("\n"))),
        true);
  }

  private static String stackTrace(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
