package dev.nbfactory.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.magic.MagicCompletion;
import dev.nbfactory.kernel.magic.MagicHelp;
import dev.nbfactory.kernel.wire.WireMessage;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests about code that is not run: {@code complete}, {@code inspect} and {@code
 * is_complete}, from JShell's source analysis, and from the kernel's magic help where a magic is
 * typed.
 */
final class CodeRequests {
  private static final Logger LOG = LoggerFactory.getLogger(CodeRequests.class);

  private final Supplier<JShellEvaluator> evaluator;
  private final MagicHelp magics;

  CodeRequests(Supplier<JShellEvaluator> evaluator, MagicHelp magics) {
    this.evaluator = evaluator;
    this.magics = magics;
  }

  JsonObject complete(WireMessage request) {
    String code = request.string("code", "");
    int cursor = clamp(request.integer("cursor_pos", code.length()), code);
    // Waits for the start: extensions register their magics then.
    JShellEvaluator ev = evaluator.get();
    JShellEvaluator.Completion c =
        MagicCompletion.complete(code, cursor, magics).orElseGet(() -> ev.complete(code, cursor));
    JsonObject reply = Replies.ok();
    JsonArray matches = new JsonArray();
    c.matches().forEach(matches::add);
    reply.add("matches", matches);
    reply.addProperty("cursor_start", c.start());
    reply.addProperty("cursor_end", c.end());
    reply.add("metadata", new JsonObject());
    return reply;
  }

  JsonObject inspect(WireMessage request) {
    String code = request.string("code", "");
    int cursor = clamp(request.integer("cursor_pos", code.length()), code);
    JShellEvaluator ev = evaluator.get();
    Optional<String> doc =
        MagicCompletion.inspect(code, cursor, magics).or(() -> ev.inspect(code, cursor));
    JsonObject reply = Replies.ok();
    reply.addProperty("found", doc.isPresent());
    JsonObject data = new JsonObject();
    doc.ifPresent(d -> data.addProperty("text/plain", d));
    reply.add("data", data);
    reply.add("metadata", new JsonObject());
    return reply;
  }

  JsonObject isComplete(WireMessage request) {
    String code = request.string("code", "");
    String status;
    if (code.strip().startsWith("%")) {
      status = "complete"; // a magic
    } else {
      try {
        status = evaluator.get().isComplete(code);
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

  private static int clamp(int cursor, String code) {
    return Math.max(0, Math.min(cursor, code.length()));
  }
}
