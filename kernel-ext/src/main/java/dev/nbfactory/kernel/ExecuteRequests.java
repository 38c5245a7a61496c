package dev.nbfactory.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.eval.CellExecutionControl;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.magic.CellRewriter;
import dev.nbfactory.kernel.magic.MagicHelp;
import dev.nbfactory.kernel.wire.JjavaMessages;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.KernelConnection.Channel;
import dev.nbfactory.kernel.wire.WireMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * Answers {@code execute_request}s: the execution count, {@code execute_input}, the cell's value as
 * {@code execute_result} or its failure as {@code error}, {@code silent}, {@code store_history},
 * {@code user_expressions}, {@code name?} help pages, {@code %%time}, the history, the cell hooks'
 * end of cell; and, after a failed cell, the aborted replies of the requests queued behind it.
 */
final class ExecuteRequests {
  private static final Pattern HELP =
      Pattern.compile("^\\s*(\\?\\s*(%{0,2}[\\w.$]+)|(%{0,2}[\\w.$]+)\\s*\\?)\\s*$");

  /** What the handler works with: the kernel's parts that a cell's execution touches. */
  record Parts(
      KernelConnection connection,
      Replies replies,
      OutputRouter router,
      CellIO cellIo,
      CommManager comms,
      CellHistory history,
      CellHooks hooks,
      CellRunner runner,
      MagicHelp magicHelp,
      Supplier<JShellEvaluator> evaluator) {}

  private final KernelConnection connection;
  private final Replies replies;
  private final OutputRouter router;
  private final CellHistory history;
  private final CellHooks hooks;
  private final CellRunner runner;
  private final CellIO cellIo;
  private final CommManager comms;
  private final MagicHelp magicHelp;
  private final Supplier<JShellEvaluator> evaluator;
  private int executionCount;

  ExecuteRequests(Parts parts) {
    this.connection = parts.connection();
    this.replies = parts.replies();
    this.router = parts.router();
    this.cellIo = parts.cellIo();
    this.comms = parts.comms();
    this.history = parts.history();
    this.hooks = parts.hooks();
    this.runner = parts.runner();
    this.magicHelp = parts.magicHelp();
    this.evaluator = parts.evaluator();
  }

  /**
   * Executes a cell and replies.
   *
   * @return the shell requests that were queued when the cell failed, to be aborted (as IPython
   *     does) or, when they are not executions, handled; empty unless the cell failed
   */
  List<WireMessage> execute(Channel channel, WireMessage request) {
    String code = request.string("code", "");
    boolean silent = request.bool("silent", false);
    boolean storeHistory = !silent && request.bool("store_history", true);
    boolean stopOnError = request.bool("stop_on_error", true);
    int count = storeHistory ? ++executionCount : executionCount;
    replies.status(request, "busy");
    CellContext cell = new CellContext(request, request.bool("allow_stdin", false));
    cellIo.attach(new CellReplyEnvironment(connection, request));
    comms.setMessageContext(KernelConnection.contextOf(request));
    if (!silent) {
      JsonObject input = new JsonObject();
      input.addProperty("code", code);
      input.addProperty("execution_count", count);
      connection.iopub().publish("execute_input", request.header(), input);
    }
    router.begin(cell);
    JsonObject reply = new JsonObject();
    String output = null;
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
      failedWith = e;
      if (!silent) {
        connection.iopub().publish("error", request.header(), Replies.errorJson(e, false));
      }
      reply = Replies.errorJson(e, true);
      reply.addProperty("execution_count", count);
      reply.add("payload", new JsonArray());
      reply.add("user_expressions", new JsonObject());
    } finally {
      router.end(cell);
    }
    hooks.cellFinished(count, failedWith);
    if (storeHistory) {
      history.add(count, code, output);
    }
    // Requests already queued when the cell failed are aborted; read them before the reply
    // goes out, so that a request a client sends after seeing the reply is never among them.
    List<WireMessage> queued =
        failedWith != null && stopOnError && channel == Channel.SHELL
            ? connection.pendingShellRequests()
            : List.of();
    replies.reply(channel, request, "execute_reply", reply);
    replies.status(request, "idle");
    return queued;
  }

  /** Replies {@code aborted} to an execute request queued behind a failed cell. */
  void abort(WireMessage queued) {
    replies.status(queued, "busy");
    JsonObject aborted = new JsonObject();
    aborted.addProperty("status", "aborted");
    aborted.addProperty("execution_count", executionCount);
    replies.reply(Channel.SHELL, queued, "execute_reply", aborted);
    replies.status(queued, "idle");
  }

  /** Runs a cell's code and publishes its value; returns the value's text, or null. */
  private String executeBody(
      WireMessage request, CellContext cell, String code, int count, boolean silent)
      throws CellException {
    Object value = runner.run(cell, code, "In[" + count + "]");
    if (value == CellExecutionControl.NO_VALUE) {
      return null;
    }
    DisplayData data = runner.render(value);
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
        Object value = evaluator.get().eval(expression, "user_expressions");
        DisplayData data = runner.render(value == CellExecutionControl.NO_VALUE ? null : value);
        JsonObject json = JjavaMessages.GSON.toJsonTree(data).getAsJsonObject();
        result = Replies.ok();
        result.add("data", json.get("data"));
        result.add("metadata", json.has("metadata") ? json.get("metadata") : new JsonObject());
      } catch (CellException ex) {
        result = Replies.errorJson(ex, true);
      } catch (RuntimeException ex) {
        result = Replies.errorContent(ex);
      }
      out.add(e.getKey(), result);
    }
    return out;
  }

  /** The help page of {@code name?}: a magic's help, or the javadoc JShell has. */
  private JsonObject page(String name) {
    if (name.startsWith("%")) {
      awaitStart();
    }
    String doc =
        name.startsWith("%")
            ? Optional.ofNullable(magicHelp.help(name))
                .orElse("No magic " + name + "; see %lsmagic")
            : evaluator
                .get()
                .inspect(name, name.length())
                // as IPython: a bare name with no Java meaning may be a magic's
                .or(() -> Optional.ofNullable(magicHelp.help(name)))
                .orElse("No documentation found for " + name);
    JsonObject data = new JsonObject();
    data.addProperty("text/plain", doc);
    JsonObject page = new JsonObject();
    page.addProperty("source", "page");
    page.add("data", data);
    page.addProperty("start", 0);
    return page;
  }

  /**
   * Waits for the kernel's start, in which extensions describe their magics: a first cell of {@code
   * %lineage?} came before them and found no such magic.
   */
  private void awaitStart() {
    try {
      evaluator.get();
    } catch (IllegalStateException e) {
      // JShell did not start: the kernel's own magics still have their help.
    }
  }
}
