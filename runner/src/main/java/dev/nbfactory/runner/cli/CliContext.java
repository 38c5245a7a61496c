package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every command shares: where to print, the environment and working directory it was started
 * with, the clock relative times are measured against, and the registry the user chose. Commands
 * read these instead of {@code System.*}, so tests run them in-process.
 */
final class CliContext {
  /** Shorter secrets would mask ordinary words; the URL patterns still catch them in URLs. */
  private static final int MIN_MASKED_LENGTH = 3;

  private static final List<Pattern> PASSWORD_PATTERNS =
      List.of(
          Pattern.compile("//[^/:@?#]*:([^@/?#]+)@"),
          Pattern.compile("(?i)[?&;](?:password|passwd|pwd)=([^&;]+)"));

  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;
  private final Path cwd;
  private final Clock clock;
  private final boolean unicode;
  private String registryOption;

  CliContext(
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      Path cwd,
      Clock clock,
      boolean unicode) {
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.cwd = cwd.toAbsolutePath().normalize();
    this.clock = clock;
    this.unicode = unicode;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  Map<String, String> env() {
    return env;
  }

  Path cwd() {
    return cwd;
  }

  Clock clock() {
    return clock;
  }

  /** Whether the output can show box-drawing characters and arrows. */
  boolean unicode() {
    return unicode;
  }

  /** The glyphs to draw trees and changes with on this output. */
  Glyphs glyphs() {
    return unicode ? Glyphs.UNICODE : Glyphs.ASCII;
  }

  boolean debug() {
    String value = env.get("FACTORY_DEBUG");
    return value != null && !value.isBlank() && !value.equals("0") && !value.equals("false");
  }

  /** The user recorded as who changed something, as the operating system names them. */
  String user() {
    return System.getProperty("user.name", "unknown");
  }

  void setRegistryOption(String value) {
    this.registryOption = value;
  }

  /** The {@code --registry} value, or null when discovery decides. */
  String registryOption() {
    return registryOption;
  }

  /**
   * Passwords in the registry URLs this process was given. Drivers sometimes echo parts of a URL in
   * their own words (such as "unknown host bob:pw@db"), where no URL pattern can spot them; the
   * error reporter masks these literally wherever they appear.
   */
  Set<String> passwords() {
    Set<String> out = new HashSet<>();
    for (String url : new String[] {registryOption, env.get(RegistryLocation.ENV_REGISTRY)}) {
      if (url == null || !url.startsWith("jdbc:")) {
        continue;
      }
      for (Pattern pattern : PASSWORD_PATTERNS) {
        Matcher m = pattern.matcher(url);
        while (m.find()) {
          if (m.group(1).length() >= MIN_MASKED_LENGTH) {
            out.add(m.group(1));
          }
        }
      }
    }
    return out;
  }

  /**
   * A folder or URL as the user typed it; a relative folder is taken from the working directory.
   */
  RegistryLocation parseLocation(String text) {
    if (text != null && !text.isBlank() && !text.startsWith("jdbc:")) {
      text = cwd.resolve(text).toString();
    }
    return RegistryLocation.parse(text, env);
  }

  /** {@code --registry} if given, else discovery from the environment and working directory. */
  RegistryLocation location() {
    return registryOption != null
        ? parseLocation(registryOption)
        : RegistryLocation.discover(cwd, env);
  }

  /**
   * A path a command is about to write, from the working directory; refused when it is one of the
   * registry's own files (see {@link RegistryLocation#refuseAsOutput}).
   */
  Path outputPath(Path given, String what) {
    Path file = cwd.resolve(given);
    location().refuseAsOutput(file, what);
    return file;
  }

  /**
   * Opens the registry the user chose. An embedded registry must exist already: reading commands
   * never create one as a side effect, {@code factory init} does.
   */
  Registry openExistingRegistry() {
    RegistryLocation location = location();
    if (location.folder() != null && location.isEmbedded()) {
      String file = location.jdbcUrl().substring("jdbc:sqlite:".length());
      int query = file.indexOf('?');
      file = query < 0 ? file : file.substring(0, query);
      if (!file.isEmpty() && !file.contains(":memory:") && !Files.isRegularFile(Path.of(file))) {
        throw new NotFoundException(
            "no registry at "
                + location.display()
                + howFound()
                + ": run 'factory init' to create one, or give --registry LOCATION");
      }
    }
    return Registry.open(location, Clock.systemUTC());
  }

  private String howFound() {
    if (registryOption != null) {
      return " (from --registry)";
    }
    String configured = env.get(RegistryLocation.ENV_REGISTRY);
    if (configured != null && !configured.isBlank()) {
      return " (from $" + RegistryLocation.ENV_REGISTRY + ")";
    }
    return " (no " + RegistryLocation.FOLDER + " folder in " + cwd + " or above)";
  }
}
