package dev.nbfactory.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Holds a stage's JVM, started ahead of its turn ({@link ChildRun#warm}), before it does anything
 * but boot: JShell starts and classes load while the stage before it runs, and the run itself (the
 * registry, the notebook, the cells) begins only when the parent writes {@link #GO} on its standard
 * input. End of input instead means it is not needed: it exits, having recorded nothing.
 */
final class StageGate {
  /**
   * On a held JVM's command line: a system property, not an environment variable, so that nothing
   * the stage itself starts (a cell running {@code factory}) inherits it.
   */
  static final String PROPERTY = "factory.stage-gate";

  static final String OPTION = "-D" + PROPERTY + "=stdin";

  /**
   * How many throwaway statements a held JVM compiles at most while it waits, to have the JIT
   * compile javac's busiest code before its turn (it stops when its turn comes). Off by default: on
   * 2 cores the warm-ups took the CPU the running stage needed, and the demo's pipeline took 3 s
   * longer (bench/README.md); {@code FACTORY_STAGE_JVM_OPTS=-Dfactory.stage-warm-ups=40} turns them
   * on where cores are spare.
   */
  static final int WARM_UPS = Integer.getInteger("factory.stage-warm-ups", 0);

  /** What the parent writes when the stage's turn comes. */
  static final byte[] GO = "go\n".getBytes(StandardCharsets.US_ASCII);

  private StageGate() {}

  /** Whether this JVM was started held. */
  static boolean held() {
    return "stdin".equals(System.getProperty(PROPERTY));
  }

  /** Waits for the parent: true when it said go, false at end of input. */
  static boolean awaitGo(InputStream in) {
    try {
      int expected = 0;
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b != GO[expected]) {
          return false; // not the parent's word: do nothing rather than guess
        }
        if (++expected == GO.length) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
