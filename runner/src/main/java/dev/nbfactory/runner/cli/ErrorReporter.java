package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr, {@code factory: what went wrong}, and an exit code:
 * 1 when the command failed, 2 when the command line was wrong. Stack traces only with {@code
 * FACTORY_DEBUG=1}. Whatever the line says, passwords in URLs are masked.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  static final int FAILED = 1;
  private static final Pattern WORD = Pattern.compile("\\S+");

  private final CliContext context;

  ErrorReporter(CliContext context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    report(describe(e), e);
    // A notebook that cannot be read is bad input, as 'factory run' says with the same code.
    return e instanceof dev.nbfactory.runner.notebook.NotebookFormatException
        ? CommandLine.ExitCode.USAGE
        : FAILED;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String message = Format.oneLine(e.getMessage());
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> arguments = unmatched.getUnmatched();
      if (!command.getSubcommands().isEmpty()
          && !arguments.isEmpty()
          && !arguments.get(0).startsWith("-")) {
        message = "unknown command '" + arguments.get(0) + "'";
      }
      // picocli ranks its suggestions, closest first, and offers loose ones too: the first is it.
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += "; did you mean '" + suggestions.get(0) + "'?";
      }
    }
    String help = command.getCommandSpec().qualifiedName() + " --help";
    report(message + " (see '" + help + "')", e);
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private void report(String message, Exception e) {
    Set<String> passwords = context.passwords();
    context.err().println("factory: " + redact(Format.oneLine(message), passwords));
    if (context.debug()) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      trace.toString().lines().forEach(line -> context.err().println(redact(line, passwords)));
    }
    context.err().flush();
  }

  /**
   * Masks passwords in any URL in the text, word by word so the rest of a line survives, and the
   * given passwords wherever they appear.
   */
  static String redact(String text, Set<String> passwords) {
    for (String password : passwords) {
      text = text.replace(password, Secrets.MASK);
    }
    Matcher word = WORD.matcher(text);
    StringBuilder out = new StringBuilder();
    while (word.find()) {
      word.appendReplacement(out, Matcher.quoteReplacement(Secrets.redactUrl(word.group())));
    }
    return word.appendTail(out).toString();
  }

  /** The message people can act on; for a bug, the exception's type as well. */
  static String describe(Throwable e) {
    if (e instanceof FactoryException) {
      return e.getMessage();
    }
    if (e instanceof UncheckedIOException io && io.getCause() != null) {
      return io.getMessage() + " (" + describeCause(io.getCause()) + ")";
    }
    return "unexpected "
        + describeCause(e)
        + (e.getCause() != null ? ", caused by " + describeCause(e.getCause()) : "")
        + " (set FACTORY_DEBUG=1 to see where)";
  }

  private static String describeCause(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
  }
}
