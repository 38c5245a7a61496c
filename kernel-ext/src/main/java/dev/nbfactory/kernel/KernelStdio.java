package dev.nbfactory.kernel;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The process's own standard streams, kept before the kernel routes {@code System.out}, {@code
 * System.err} and {@code System.in} to cells: the kernel's log and last-resort output go there.
 */
final class KernelStdio {
  private static final PrintStream OUT = System.out;
  private static final PrintStream ERR = System.err;
  private static final InputStream IN = System.in;

  private KernelStdio() {}

  static PrintStream out() {
    return OUT;
  }

  static PrintStream err() {
    return ERR;
  }

  static InputStream in() {
    return IN;
  }

  static void install(PrintStream out, PrintStream err, InputStream in) {
    System.setOut(out);
    System.setErr(err);
    System.setIn(in);
  }
}
