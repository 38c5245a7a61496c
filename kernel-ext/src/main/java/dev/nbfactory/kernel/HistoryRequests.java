package dev.nbfactory.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nbfactory.kernel.wire.WireMessage;
import java.util.List;

/**
 * Answers {@code history_request}s (tail, range and search) from the {@link CellHistory}, as {@code
 * [session, line, input]} or {@code [session, line, [input, output]]} entries.
 */
final class HistoryRequests {
  private final CellHistory history;

  HistoryRequests(CellHistory history) {
    this.history = history;
  }

  JsonObject history(WireMessage request) {
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
    JsonObject reply = Replies.ok();
    reply.add("history", list);
    return reply;
  }
}
