package dev.nbfactory.kernel;

import com.google.gson.JsonObject;
import dev.nbfactory.kernel.wire.WireMessage;

/** One execute request while it runs and after: where its output goes, and what it allows. */
final class CellContext {
  private final WireMessage request;
  private final boolean allowStdin;
  private volatile boolean finished;
  private volatile boolean interrupted;

  CellContext(WireMessage request, boolean allowStdin) {
    this.request = request;
    this.allowStdin = allowStdin;
  }

  WireMessage request() {
    return request;
  }

  /** The header that output of this cell names as its parent. */
  JsonObject parentHeader() {
    return request.header();
  }

  boolean allowStdin() {
    return allowStdin;
  }

  boolean isFinished() {
    return finished;
  }

  void finish() {
    finished = true;
  }

  boolean isInterrupted() {
    return interrupted;
  }

  void markInterrupted() {
    interrupted = true;
  }
}
