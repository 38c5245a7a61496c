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
   * How many throwaway statements a held JVM compiles at most while it waits (about 0.1 s each
   * warm; it stops at its turn): enough for the JIT to compile javac's busiest code.
   */
  static final int WARM_UPS = 40;

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
