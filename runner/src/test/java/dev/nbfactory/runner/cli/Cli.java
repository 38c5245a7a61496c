package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.testing.TempRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs {@code factory} in-process, as a user would type it, and keeps what it printed. */
final class Cli {
  private Cli() {}

  /** What one command line did. */
  record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  /** Runs in the project folder of the temp registry, so discovery finds its {@code .factory}. */
  static Result in(TempRegistry temp, String... args) {
    return run(Map.of(), temp.projectDir(), args);
  }

  static Result run(Map<String, String> env, Path cwd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FactoryCli.execute(new PrintWriter(out), new PrintWriter(err), env, cwd, args);
    return new Result(code, out.toString(), err.toString());
  }
}
