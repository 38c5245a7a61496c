package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.params.HostileStrings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of the command line's inputs with jqwik: random parameter names and
 * values, YAML documents, cron expressions, notebook JSON and output paths, given to the commands
 * that read them. Whatever the input, a command succeeds or exits 1 or 2 with a one-line message;
 * it never shows a stack trace, never leaves a run RUNNING, and never changes the registry's files
 * except through the registry: the database stays intact, objects are only added (or stored again)
 * under their content hash, and nothing else under {@code .factory} appears, changes or goes.
 *
 * <p>All properties share one project whose registry {@code factory init} makes: jqwik does not run
 * JUnit Jupiter extensions such as {@code TempRegistry}. Commands run in its {@code w} folder, so a
 * path with one {@code ..} still stays in the project. Tries scale with {@code -Dfuzz.scale=N} (the
 * runner's {@code fuzz} profile); {@code -Dtest=CommandLineFuzzTest#PROPERTY -Dfuzz.seed=SEED}
 * repeats the seed jqwik reports for a failure (a failed sample is also tried first on the next
 * run, from {@code target/jqwik-database}).
 */
// Added to the class, a hook reaches the properties only when told to.
@AddLifecycleHook(
    value = CommandLineFuzzTest.Scale.class,
    propagateTo = PropagationMode.DIRECT_DESCENDANTS)
class CommandLineFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A frame of a Java stack trace, as Throwable.printStackTrace writes it. */
  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$/]+\\(.*");

  /** A Java exception or error named by its class: what no message for people should show. */
  private static final Pattern JAVA_CLASS =
      Pattern.compile(
          "\\b(java|javax|jdk|sun|com|org|net|picocli|dev)\\.[\\w.$]+(Exception|Error)\\b");

  /** ErrorReporter's words for an exception no command expected: a bug, whatever the input. */
  private static final String UNEXPECTED = "set FACTORY_DEBUG=1 to see where";

  /** The report of a notebook whose cell failed: the cell's own error and trace follow it. */
  private static final Pattern CELL_FAILED =
      Pattern.compile("^factory run: .* (failed|timed_out|killed) at cell \\d+.*");

  private static final Pattern OBJECT = Pattern.compile("objects/([0-9a-f]{2})/([0-9a-f]{62})");

  private static final Pattern SQLITE_FILE = Pattern.compile("registry\\.db(-wal|-shm|-journal)?");

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final PrintStream STDOUT = System.out;
  private static final PrintStream STDERR = System.err;
  private static final InputStream STDIN = System.in;

  private static Path root;
  private static Path factory;
  private static Path work;
  private static Map<String, String> env;

  /** The small notebook every run uses: declared parameters, a stage, a metric for the plot. */
  private static final String NOTEBOOK =
      notebook(
          List.of(
              code("int n = 1;\nString s = \"a\";", "parameters"),
              code("%stage fuzz", null),
              code("Factory.metric(\"m\", n);\nSystem.out.println(n + s);", null)));

  /** A stage the pipeline finds up to date, so 'pipeline run' starts no child JVM. */
  private static final String PIPELINE_NOTEBOOK =
      notebook(List.of(code("%stage fuzzpipe", null), code("int x = 1;", null)));

  /** Multiplies every property's tries by {@code fuzz.scale}; sets {@code fuzz.seed} if given. */
  static final class Scale implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(
        PropertyLifecycleContext context, PropertyExecutor property) {
      int scale = Integer.getInteger("fuzz.scale", 1);
      context.attributes().tries().ifPresent(t -> context.attributes().setTries(t * scale));
      String seed = System.getProperty("fuzz.seed", "");
      if (!seed.isBlank()) {
        context.attributes().setSeed(seed);
      }
      return property.execute();
    }
  }

  @BeforeContainer
  static void makeProject() throws IOException {
    root = Files.createTempDirectory("factory-fuzz-");
    factory = root.resolve(".factory");
    work = Files.createDirectories(root.resolve("w"));
    Path src = Files.createDirectories(root.resolve("src"));
    Files.writeString(src.resolve("nb.ipynb"), NOTEBOOK);
    Files.writeString(src.resolve("pipe.ipynb"), PIPELINE_NOTEBOOK);
    Path templates = Files.createDirectories(root.resolve("tpl"));
    Files.writeString(templates.resolve("fuzzt.ipynb"), NOTEBOOK);
    env =
        Map.of(
            "FACTORY_HISTORY",
            "off", // no history file in the home folder
            "FACTORY_TEMPLATES",
            templates.toString());

    expectSuccess(Cli.run(env, root, "init", root.toString()));
    // A run that records metric m (for 'runs --plot'), one that makes the pipeline up to date,
    // and a schedule to export.
    expectSuccess(cli(env, List.of("run", "../src/nb.ipynb")));
    expectSuccess(cli(env, List.of("run", "../src/pipe.ipynb")));
    expectSuccess(
        cli(env, List.of("promote", "../src/nb.ipynb", "--cron", "0 6 * * *", "--name", "fx")));
  }

  @AfterContainer
  static void verifyAndRemoveProject() throws IOException {
    try {
      Cli.Result verify = Cli.run(env, work, "verify");
      assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    } finally {
      deleteRecursively(root);
    }
  }

  /** Links and folders the output paths name, as they were: a try may have written through one. */
  @BeforeTry
  void resetFixtures() throws IOException {
    Files.createDirectories(work.resolve("adir"));
    Files.createDirectories(work.resolve("out"));
    link("dblink", "../.factory/registry.db");
    link("factorylink", "../.factory");
    link("objlink", "../.factory/objects");
    link("dirlink", "adir");
    link("dangling", "nowhere/x.ipynb");
    link("loop1", "loop2");
    link("loop2", "loop1");
    deleteRecursively(work.resolve("nowhere"));
  }

  // ---------------------------------------------------------------------------------------------
  // Properties

  /** {@code factory run} with -p, -r and -y parameters of any name and value. */
  @Property(tries = 40)
  void runTakesAnyParameters(
      @ForAll("parameterOptions") List<List<String>> options,
      @ForAll("runModes") String mode,
      @ForAll boolean strict) {
    List<String> args = new ArrayList<>(List.of("run", "../src/nb.ipynb"));
    if (!mode.equals("prepare")) {
      args.add(mode.equals("run") ? "out/run.ipynb" : "out/prepared.ipynb");
    }
    options.forEach(args::addAll);
    if (strict) {
      args.add("--strict");
    }
    if (!mode.equals("run")) {
      args.add("--prepare-only");
    }
    Cli.Result result = fuzz(env, args);
    Statistics.label("mode, exit code").collect(mode, result.exitCode());
  }

  /** {@code factory run -y YAML} and {@code -f FILE} with any YAML document. */
  @Property(tries = 60)
  void runTakesAnyYaml(@ForAll("yamlDocuments") String yaml, @ForAll boolean asFile)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("run", "../src/nb.ipynb", "--prepare-only"));
    if (asFile) {
      Files.write(work.resolve("params.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
      args.addAll(List.of("-f", "params.yaml"));
    } else {
      args.addAll(List.of("-y", yaml));
    }
    Cli.Result result = fuzz(env, args);
    Statistics.label("exit code").collect(result.exitCode());
  }

  /**
   * {@code factory promote --cron EXPR} with any expression: refused, or listed by {@code
   * schedules}, shown, exported and deleted.
   */
  @Property(tries = 80)
  void promoteTakesAnyCron(
      @ForAll("cronExpressions") String cron, @ForAll("timeZones") String zone) {
    String name = "fz-" + NAMES.incrementAndGet();
    List<String> args =
        new ArrayList<>(List.of("promote", "../src/nb.ipynb", "--cron", cron, "--name", name));
    if (!zone.isEmpty()) {
      args.addAll(List.of("--timezone", zone));
    }
    Cli.Result result = fuzz(env, args);
    Statistics.label("exit code").collect(result.exitCode());
    if (result.exitCode() == 0) {
      assertThat(scheduleNames()).as(describe(args, result)).contains(name);
      expectSuccess(fuzz(env, List.of("schedules", "show", name)));
      // Airflow cannot read Quartz's L, W and #: refusing is fine, in one line.
      fuzz(env, List.of("export", "airflow", name));
      fuzz(env, List.of("export", "k8s-cronjob", name));
      expectSuccess(fuzz(env, List.of("schedules", "delete", name)));
      assertThat(scheduleNames()).doesNotContain(name);
    }
  }

  /** {@code factory promote --on-new-file GLOB} with any glob. */
  @Property(tries = 20)
  void promoteTakesAnyGlob(@ForAll("globs") String glob) {
    String name = "fg-" + NAMES.incrementAndGet();
    List<String> args =
        List.of("promote", "../src/nb.ipynb", "--on-new-file", glob, "--name", name);
    Cli.Result result = fuzz(env, args);
    Statistics.label("exit code").collect(result.exitCode());
    if (result.exitCode() == 0) {
      expectSuccess(fuzz(env, List.of("schedules", "delete", name)));
    }
  }

  /** Every command that reads a notebook, given any bytes as one. */
  @Property(tries = 60)
  void commandsReadAnyNotebook(@ForAll("notebookCases") NotebookCase notebook) throws IOException {
    String reader = notebook.reader();
    byte[] bytes = notebook.bytes();
    Path folder = work.resolve("nbs");
    deleteRecursively(folder);
    Files.createDirectories(folder);
    Files.write(folder.resolve("fz.ipynb"), bytes);
    Path templates = Files.createDirectories(root.resolve("tpl-fuzz"));
    Files.write(templates.resolve("t.ipynb"), bytes);
    Map<String, String> withTemplates = new HashMap<>(env);
    withTemplates.put("FACTORY_TEMPLATES", templates.toString());
    String name = "fn-" + NAMES.incrementAndGet();
    List<String> args =
        switch (reader) {
          case "prepare" -> List.of("run", "nbs/fz.ipynb", "--prepare-only");
          case "prepare-output" -> List.of("run", "nbs/fz.ipynb", "out/fz.ipynb", "--prepare-only");
          case "run" -> List.of("run", "nbs/fz.ipynb", "out/fz-run.ipynb");
          case "plan-file" -> List.of("pipeline", "plan", "nbs/fz.ipynb");
          case "plan-folder" -> List.of("pipeline", "plan", "nbs");
          case "promote" ->
              List.of("promote", "nbs/fz.ipynb", "--cron", "0 6 * * *", "--name", name);
          case "templates-list" -> List.of("templates", "list");
          case "templates-show" -> List.of("templates", "show", "t");
          case "new" -> List.of("new", "out/" + name + ".ipynb", "--template", "t", "-p", "n", "2");
          default -> throw new IllegalArgumentException(reader);
        };
    Cli.Result result = fuzz(withTemplates, args);
    Statistics.label("reader, exit code").collect(reader, result.exitCode());
    if (reader.equals("promote") && result.exitCode() == 0) {
      expectSuccess(fuzz(env, List.of("schedules", "delete", name)));
    }
  }

  /** Every command that writes a file, given any path for it. */
  @Property(tries = 80)
  void outputsNeverReachTheRegistry(
      @ForAll("outputPaths") String path, @ForAll("writers") String writer) {
    List<String> args =
        switch (writer) {
          case "prepare" -> List.of("run", "../src/nb.ipynb", path, "--prepare-only");
          case "run" -> List.of("run", "../src/nb.ipynb", path);
          case "airflow" -> List.of("export", "airflow", "fx", "-o", path);
          case "k8s" -> List.of("export", "k8s-cronjob", "fx", "--output", path);
          case "new" -> List.of("new", path, "--template", "fuzzt", "--force");
          case "plot" -> // only a .png or .svg gets as far as writing
              List.of(
                  "runs",
                  "--stage",
                  "fuzz",
                  "--plot",
                  "m",
                  "--output",
                  path.endsWith(".svg") ? path : path + ".png");
          case "pipeline" -> List.of("pipeline", "run", "../src/pipe.ipynb", "--output-dir", path);
          default -> throw new IllegalArgumentException(writer);
        };
    Cli.Result result = fuzz(env, args);
    Statistics.label("writer, exit code").collect(writer, result.exitCode());
  }

  /** The other commands, with random words where their names, ids and options go. */
  @Property(tries = 60)
  void otherCommandsTakeAnyWords(@ForAll("otherCommandLines") List<String> args) {
    Cli.Result result = fuzz(env, args);
    Statistics.label("exit code").collect(result.exitCode());
  }

  // ---------------------------------------------------------------------------------------------
  // The checks every try makes

  /** Runs a command line in {@code w} and checks what every command line must do. */
  private static Cli.Result fuzz(Map<String, String> environment, List<String> args) {
    Snapshot before = Snapshot.of(factory);
    Cli.Result result = cli(environment, args);
    String shown = describe(args, result);
    assertThat(result.exitCode()).as(shown).isIn(0, 1, 2);
    for (String line : concat(result.outLines(), result.errLines())) {
      assertThat(line)
          .as(shown)
          .doesNotMatch(STACK_FRAME)
          .doesNotContain("Exception in thread")
          .doesNotContain("Caused by: ")
          .doesNotContain(UNEXPECTED)
          .doesNotContainPattern(JAVA_CLASS);
    }
    if (result.exitCode() != 0) {
      List<String> said =
          result.errLines().stream()
              .filter(l -> !l.isBlank() && !l.startsWith("factory run: warning: "))
              .toList();
      boolean usage = !said.isEmpty() && said.get(0).startsWith("Usage: ");
      boolean cellFailed = !said.isEmpty() && CELL_FAILED.matcher(said.get(0)).matches();
      if (!usage && !cellFailed) {
        assertThat(said).as(shown).hasSize(1);
        assertThat(said.get(0)).as(shown).startsWith("factory");
      }
    }
    assertRegistryIntact(shown);
    before.assertOnlyRegistryChanges(Snapshot.of(factory), shown);
    return result;
  }

  /**
   * Runs {@code factory} in-process. A run's kernel routes System.out and System.err to its cells
   * and leaves them so; they are put back, or jqwik's reports (seeds included) would go nowhere.
   */
  private static Cli.Result cli(Map<String, String> environment, List<String> args) {
    try {
      return Cli.run(environment, work, args.toArray(String[]::new));
    } finally {
      System.setOut(STDOUT);
      System.setErr(STDERR);
      System.setIn(STDIN);
    }
  }

  private static void expectSuccess(Cli.Result result) {
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
  }

  /** The database passes SQLite's own check and holds no run still RUNNING. */
  private static void assertRegistryIntact(String shown) {
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + factory.resolve("registry.db"));
        Statement statement = db.createStatement();
        ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
      assertThat(check.next()).isTrue();
      assertThat(check.getString(1)).as(shown).isEqualTo("ok");
    } catch (SQLException e) {
      throw new AssertionError("registry.db does not open: " + e + "\n" + shown, e);
    }
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(factory), Clock.systemUTC())) {
      assertThat(registry.runs(RunQuery.all().withStatus(RunStatus.RUNNING)))
          .as("runs left RUNNING after\n%s", shown)
          .isEmpty();
    }
  }

  private static List<String> scheduleNames() {
    Cli.Result list = Cli.run(env, work, "schedules", "list", "--json");
    expectSuccess(list);
    try {
      List<String> names = new ArrayList<>();
      JSON.readTree(list.out()).forEach(s -> names.add(s.path("name").asText()));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The files under {@code .factory}: what may change is SQLite's (checked by SQLite) and new
   * objects named by their content's hash; nothing else may appear, change or go.
   */
  private record Snapshot(Map<String, String> files) {
    static Snapshot of(Path folder) {
      Map<String, String> files = new TreeMap<>();
      try (Stream<Path> all = Files.walk(folder)) {
        all.forEach(
            p -> {
              try {
                BasicFileAttributes a =
                    Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String kind = a.isDirectory() ? "dir" : a.isSymbolicLink() ? "link" : "file";
                files.put(
                    folder.relativize(p).toString(),
                    kind + " " + a.size() + " " + a.lastModifiedTime().toMillis());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Snapshot(files);
    }

    void assertOnlyRegistryChanges(Snapshot after, String shown) {
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, String> e : after.files.entrySet()) {
        String path = e.getKey();
        String was = files.get(path);
        if (mayChange(path) || e.getValue().equals(was)) {
          continue;
        }
        if (e.getValue().startsWith("dir")
            && (was != null && was.startsWith("dir") || path.matches("objects/[0-9a-f]{2}"))) {
          continue; // a folder's time changes with what is added to it; the store fans out
        }
        if (isStoredObject(path) && (was == null || was.startsWith("file"))) {
          continue; // added, or stored again (the same bytes, a new time)
        }
        wrong.add((was == null ? "new " : "changed ") + path + " (" + e.getValue() + ")");
      }
      for (String path : files.keySet()) {
        if (!after.files.containsKey(path) && !mayChange(path)) {
          wrong.add("gone " + path);
        }
      }
      assertThat(wrong).as("files under .factory after\n%s", shown).isEmpty();
    }

    /**
     * SQLite's files, which SQLite checks; and the scheduler's {@code schedules/} folder, which the
     * registry leaves writable by design (RegistryLocation.refuseAsOutput).
     */
    private static boolean mayChange(String path) {
      return SQLITE_FILE.matcher(path).matches() || path.startsWith("schedules");
    }

    private static boolean isStoredObject(String path) {
      var m = OBJECT.matcher(path);
      if (!m.matches()) {
        return false;
      }
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(factory.resolve(path)));
        return HexFormat.of().formatHex(hash).equals(m.group(1) + m.group(2));
      } catch (IOException | NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The command line and what it printed, with invisible characters shown, for a failure. */
  private static String describe(List<String> args, Cli.Result result) {
    return "factory "
        + String.join(" ", args.stream().map(CommandLineFuzzTest::shown).toList())
        + "\nexit code "
        + result.exitCode()
        + "\n--- stdout\n"
        + cut(result.out())
        + "\n--- stderr\n"
        + cut(result.err());
  }

  private static String shown(String arg) {
    StringBuilder out = new StringBuilder("'");
    String text = arg.length() > 300 ? arg.substring(0, 300) + "...(" + arg.length() + ")" : arg;
    text.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || (c > 0x7e && !Character.isLetterOrDigit(c))) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append("'").toString();
  }

  private static String cut(String text) {
    return text.length() > 3000 ? text.substring(0, 3000) + "..." : text;
  }

  // ---------------------------------------------------------------------------------------------
  // Parameters

  @Provide
  Arbitrary<String> runModes() {
    // Most tries stop before the kernel starts; a real run takes about a second.
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just("prepare")),
        Tuple.of(2, Arbitraries.just("prepare-output")),
        Tuple.of(3, Arbitraries.just("run")));
  }

  @Provide
  Arbitrary<List<List<String>>> parameterOptions() {
    Arbitrary<List<String>> p =
        Combinators.combine(parameterNames(), parameterValues()).as((n, v) -> List.of("-p", n, v));
    Arbitrary<List<String>> r =
        Combinators.combine(parameterNames(), parameterValues()).as((n, v) -> List.of("-r", n, v));
    Arbitrary<List<String>> y =
        Combinators.combine(parameterNames(), parameterValues(), Arbitraries.of("", "'", "\""))
            .as((n, v, q) -> List.of("-y", q + n + q + ": " + v));
    return Arbitraries.frequencyOf(Tuple.of(4, p), Tuple.of(2, r), Tuple.of(2, y))
        .list()
        .ofMinSize(0)
        .ofMaxSize(3);
  }

  @Provide
  Arbitrary<String> parameterNames() {
    Arbitrary<String> identifiers =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('_', '$', 'Q')
            .ofMinLength(1)
            .ofMaxLength(8);
    Arbitrary<String> invisible =
        Combinators.combine(
                identifiers,
                Arbitraries.of(
                    "\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff", "\u0000", "\u001b"),
                Arbitraries.integers().between(0, 8))
            .as(
                (s, c, at) ->
                    s.substring(0, Math.min(at, s.length()))
                        + c
                        + s.substring(Math.min(at, s.length())));
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("n", "s")),
        Tuple.of(3, identifiers),
        Tuple.of(
            2,
            Arbitraries.of(
                "class",
                "int",
                "_",
                "true",
                "null",
                "goto",
                "const",
                "var",
                "yield",
                "record",
                "sealed",
                "non-sealed",
                "enum",
                "assert",
                "strictfp")),
        Tuple.of(2, Arbitraries.of("ñame", "变量", "π", "Σx", "x١", "é", "ǅ", "𝑥", "x\u0301")),
        Tuple.of(2, invisible),
        Tuple.of(1, Arbitraries.of("", " ", "n ", " n", "a.b", "a-b", "$", "a b", "-n", "--x")),
        Tuple.of(1, identifiers.map(s -> "9" + s)),
        Tuple.of(1, Arbitraries.of("System", "String", "Factory", "Math", "java", "out")),
        Tuple.of(1, Arbitraries.of(HostileStrings.values())),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)));
  }

  @Provide
  Arbitrary<String> parameterValues() {
    Arbitrary<String> numbers =
        Arbitraries.oneOf(
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                .map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.of(
                "1e400",
                "-0",
                "NaN",
                "Infinity",
                "-Infinity",
                "0x1F",
                "1_000",
                "+5",
                "007",
                "1.",
                ".5",
                "1e-400",
                "2147483648",
                "-2147483649",
                "9223372036854775808"));
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(HostileStrings.values())),
        Tuple.of(3, numbers),
        Tuple.of(
            2,
            Arbitraries.of(
                "None",
                "null",
                "True",
                "False",
                "true",
                "~",
                "[]",
                "{}",
                "[1, 2]",
                "{a: 1}",
                "[1, 'a', null]",
                "{a: null}",
                "!!binary aGk=",
                "*x",
                "&x 1",
                "'quoted'",
                "\"dq\"",
                "[",
                "{",
                "- 1",
                "a: b")),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)));
  }

  // ---------------------------------------------------------------------------------------------
  // YAML

  @Provide
  Arbitrary<String> yamlDocuments() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.randomValue(r -> yamlMapping(r, 0))),
        Tuple.of(3, Arbitraries.randomValue(CommandLineFuzzTest::yamlWithAliases)),
        Tuple.of(2, Arbitraries.randomValue(r -> mutate(r, yamlMapping(r, 0)))),
        Tuple.of(2, Arbitraries.of(specialYaml())));
  }

  private static final String[] YAML_SCALARS = {
    "1",
    "-7",
    "0.5",
    "1e400",
    ".nan",
    ".inf",
    "~",
    "null",
    "true",
    "no",
    "yes",
    "on",
    "'x'",
    "\"a\\nb\"",
    "\"\\u0000\"",
    "2001-12-14t21:59:43.10-05:00",
    "0x1F",
    "0o17",
    "12:30:00",
    "!!str 5",
    "!!int '5'",
    "!!float x",
    "!!binary aGk=",
    "!!python/object:os.system x",
    "|\n  x",
    ">-\n  y",
    "é",
    "'\u00ad'",
    "99999999999999999999999"
  };

  private static String yamlKey(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> "n";
      case 1 -> "s";
      case 2 -> "k" + r.nextInt(5);
      case 3 -> pick(r, "class", "1a", "a b", "'q'", "\"\\u00ad\"", "? [a]", "null", "<<", "ñ");
      default -> "p" + r.nextInt(100);
    };
  }

  private static String yamlValue(Random r, int depth) {
    if (depth > 3 || r.nextInt(3) > 0) {
      return pick(r, YAML_SCALARS);
    }
    if (r.nextBoolean()) {
      List<String> items = new ArrayList<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        items.add(yamlValue(r, depth + 1).replace('\n', ' '));
      }
      return "[" + String.join(", ", items) + "]";
    }
    List<String> entries = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      entries.add(yamlKey(r) + ": " + yamlValue(r, depth + 1).replace('\n', ' '));
    }
    return "{" + String.join(", ", entries) + "}";
  }

  private static String yamlMapping(Random r, int depth) {
    StringBuilder out = new StringBuilder();
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      String value = yamlValue(r, depth);
      out.append(yamlKey(r)).append(": ").append(value);
      out.append('\n');
    }
    return out.toString();
  }

  /** Anchors and aliases: to values, to maps merged with {@code <<}, to nothing, to themselves. */
  private static String yamlWithAliases(Random r) {
    StringBuilder out = new StringBuilder();
    for (int i = 1 + r.nextInt(5); i > 0; i--) {
      String key = yamlKey(r);
      String anchor = "a" + r.nextInt(4);
      switch (r.nextInt(7)) {
        case 0 ->
            out.append(key)
                .append(": &")
                .append(anchor)
                .append(' ')
                .append(pick(r, YAML_SCALARS).replace('\n', ' '));
        case 1 -> out.append(key).append(": &").append(anchor).append(" {x: 1, y: [1, 2]}");
        case 2 ->
            out.append(key).append(": &").append(anchor).append(" [*").append(anchor).append(']');
        case 3 ->
            out.append(key)
                .append(": &")
                .append(anchor)
                .append(" {self: *")
                .append(anchor)
                .append('}');
        case 4 -> out.append(key).append(": {<<: *").append(anchor).append(", z: 3}");
        case 5 ->
            out.append(key).append(": [*").append(anchor).append(", *").append(anchor).append(']');
        default -> out.append(key).append(": *").append(r.nextBoolean() ? anchor : "nowhere");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static List<String> specialYaml() {
    List<String> docs =
        new ArrayList<>(
            List.of(
                "",
                "~",
                "---",
                "...",
                "- 1",
                "[",
                "]",
                "{",
                "a: b: c",
                "a:\tb",
                "\ta: 1",
                "%YAML 1.1\n---\na: 1",
                "%YAML 9.9\n---\na: 1",
                "!!map {a: 1}",
                "a: 1\n---\nb: 2",
                "a: 1\na: 2",
                "? [a]\n: 1",
                "{1: 2}",
                "{null: 2}",
                "{[a]: 2}",
                "&a a: 1",
                "a: &a [*a]",
                "&a {x: *a}",
                "x: &a {y: [*a]}",
                "a: *",
                "a: &",
                "a: !",
                "a: !!",
                "\ufeffn: 2",
                "n: 2\u0000",
                "n: \"\\ud800\"",
                "n: |\n  x\n y",
                "s: 'unterminated",
                "s: \"unterminated",
                "<<: 1",
                "<<: [1, 2]",
                "s: " + "x".repeat(200_000)));
    // An alias bomb: nine levels of nine aliases (SnakeYAML stops it at 50 aliases).
    StringBuilder bomb = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      bomb.append("l").append(i).append(": &l").append(i).append(" [");
      bomb.append(String.join(", ", Collections.nCopies(9, "*l" + (i - 1))));
      bomb.append("]\n");
    }
    docs.add(bomb.toString());
    docs.add("s: " + "[".repeat(60) + "]".repeat(60));
    docs.add("s: &x " + "[".repeat(2000) + "]".repeat(2000));
    docs.add("s: " + "{a: ".repeat(1500) + "1" + "}".repeat(1500));
    return docs;
  }

  /** Text with a few characters YAML and JSON care about inserted, deleted or cut short. */
  private static String mutate(Random r, String text) {
    StringBuilder out = new StringBuilder(text);
    for (int i = 1 + r.nextInt(3); i > 0 && out.length() > 0; i--) {
      int at = r.nextInt(out.length() + 1);
      switch (r.nextInt(3)) {
        case 0 ->
            out.insert(
                at,
                pick(
                    r, "[", "]", "{", "}", ":", ",", "&", "*", "!", "|", ">", "-", "?", "#", "%",
                    "@", "`", "'", "\"", "\t", "\n", "\\", "\u0000", "\ud800"));
        case 1 -> out.deleteCharAt(Math.min(at, out.length() - 1));
        default -> out.setLength(at);
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Cron expressions

  @Provide
  Arbitrary<String> cronExpressions() {
    Arbitrary<String> field = cronField();
    Arbitrary<String> separator =
        Arbitraries.frequencyOf(
            Tuple.of(20, Arbitraries.just(" ")),
            Tuple.of(1, Arbitraries.of("  ", "\t", "\n", " \u00a0")));
    Arbitrary<String> fields5 =
        Combinators.combine(field.list().ofSize(5), separator).as((f, s) -> String.join(s, f));
    Arbitrary<String> quartz =
        Combinators.combine(field.list().ofMinSize(6).ofMaxSize(7), separator)
            .as((f, s) -> String.join(s, f));
    Arbitrary<String> anyCount =
        field.list().ofMinSize(0).ofMaxSize(9).map(f -> String.join(" ", f));
    return Arbitraries.frequencyOf(
        Tuple.of(5, plausibleCron()),
        Tuple.of(4, fields5),
        Tuple.of(2, quartz),
        Tuple.of(1, anyCount),
        Tuple.of(
            1,
            Arbitraries.of(
                "@daily",
                "@hourly",
                "@weekly",
                "@monthly",
                "@yearly",
                "@annually",
                "@midnight",
                "@reboot",
                "@every 5m",
                "@",
                "",
                " ",
                "* * * * *",
                "0 0 31 2 *",
                "0 0 30 2 *")));
  }

  /** Five fields, each of a kind its own field takes, one sometimes out of its range. */
  private Arbitrary<String> plausibleCron() {
    Arbitrary<String> minute =
        Arbitraries.oneOf(
            Arbitraries.of("*", "0", "30", "*/15", "0-59/10", "5,35", "59", "60"),
            Arbitraries.integers().between(0, 59).map(String::valueOf));
    Arbitrary<String> hour =
        Arbitraries.of("*", "0", "6", "23", "24", "*/2", "9-17", "22-2", "1,13", "*/0");
    Arbitrary<String> dayOfMonth =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just("*")),
            Tuple.of(1, Arbitraries.of("1", "15", "28", "29", "30", "31", "32", "0", "L", "1-7")));
    Arbitrary<String> month =
        Arbitraries.of("*", "*", "1", "2", "12", "13", "JAN", "feb", "JAN-MAR", "*/3", "2,4");
    Arbitrary<String> dayOfWeek =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just("*")),
            Tuple.of(
                1, Arbitraries.of("0", "1", "6", "7", "8", "MON-FRI", "SUN", "sat,sun", "1-5")));
    return Combinators.combine(minute, hour, dayOfMonth, month, dayOfWeek)
        .as((a, b, c, d, e) -> String.join(" ", a, b, c, d, e));
  }

  private Arbitrary<String> cronField() {
    // Mostly values every field takes, so that a fair share of expressions is accepted.
    Arbitrary<Integer> number =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(1, 12)),
            Tuple.of(3, Arbitraries.integers().between(0, 60)),
            Tuple.of(1, Arbitraries.of(99, 100, 1000, 2099, 2100, 1969)));
    Arbitrary<String> simple =
        Arbitraries.frequencyOf(
            Tuple.of(5, number.map(String::valueOf)),
            Tuple.of(12, Arbitraries.just("*")),
            Tuple.of(1, Arbitraries.just("?")),
            Tuple.of(2, number.map(n -> "*/" + n)),
            Tuple.of(2, Combinators.combine(number, number).as((a, b) -> a + "-" + b)),
            Tuple.of(
                1,
                Combinators.combine(number, number, number).as((a, b, s) -> a + "-" + b + "/" + s)),
            Tuple.of(
                1,
                Arbitraries.of(
                    "L", "W", "LW", "15W", "6L", "L-3", "2#1", "0#1", "5#6", "#", "1#", "W1", "LL",
                    "7#5", "1-5#2")),
            Tuple.of(
                1,
                Arbitraries.of(
                    "JAN",
                    "dec",
                    "Feb-Mar",
                    "MON",
                    "sun",
                    "FRI-MON",
                    "MON-FRI",
                    "XYZ",
                    "JANUARY",
                    "mon/2",
                    "JAN-DEC/0")),
            Tuple.of(
                1,
                Arbitraries.of(
                    "", "-", "--", ",", "/", "*/", "1/", "\u0663", "\uff11", "-1", "+1", "1.5",
                    "1e3", "*/*", "**", "0x10", "\u00a0", "1--2", ",,,")));
    Arbitrary<String> list =
        simple.list().ofMinSize(2).ofMaxSize(3).map(items -> String.join(",", items));
    // Once "unexpected NumberFormatException": numbers past int's range.
    return Arbitraries.frequencyOf(
        Tuple.of(8, simple),
        Tuple.of(1, list),
        Tuple.of(1, Arbitraries.of("99999999999", "1-99999999999", "*/4294967296")));
  }

  @Provide
  Arbitrary<String> timeZones() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just("")),
        Tuple.of(
            1,
            Arbitraries.of(
                "UTC",
                "Europe/Berlin",
                "America/New_York",
                "Mars/Base",
                "+25:00",
                "GMT+14",
                "Z",
                "utc",
                " ",
                "Europe/../etc",
                "Australia/Lord_Howe")));
  }

  @Provide
  Arbitrary<String> globs() {
    List<String> globs =
        new ArrayList<>(
            List.of(
                "data/*.csv",
                "incoming/**.csv",
                "*",
                "**",
                "{a,b}/*.csv",
                "x/[abc].csv",
                "x/[!a].csv",
                "x/\\*.csv",
                "../w/*.txt",
                "",
                " ",
                "*.\u00ad",
                "a\nb/*",
                // once "unexpected PatternSyntaxException": globs Java cannot compile
                "[",
                "{a,{b}",
                "x/[z-a].csv",
                "{"));
    return Arbitraries.of(globs);
  }

  // ---------------------------------------------------------------------------------------------
  // Notebooks

  /** A command that reads a notebook, and the bytes it is given as one. */
  record NotebookCase(String reader, byte[] bytes) {
    @Override
    public String toString() {
      String text = new String(bytes, StandardCharsets.UTF_8);
      return reader + " " + (text.length() > 500 ? text.substring(0, 500) + "..." : text);
    }
  }

  @Provide
  Arbitrary<NotebookCase> notebookCases() {
    // Magics that fail in a headless run ('%stage a b', '%input nosuchartifact') were once a Java
    // stack trace on stderr and in the run's recorded error.
    return notebookReaders()
        .flatMap(
            reader ->
                Arbitraries.randomValue(r -> new NotebookCase(reader, notebookBytes(r, true))));
  }

  private Arbitrary<String> notebookReaders() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("prepare", "prepare-output", "plan-file", "plan-folder")),
        Tuple.of(2, Arbitraries.of("promote", "templates-list", "templates-show", "new")),
        Tuple.of(1, Arbitraries.just("run")));
  }

  /** A notebook with a few fields changed, then perhaps cut short or not UTF-8 at all. */
  private static byte[] notebookBytes(Random r, boolean failingMagics) {
    ObjectNode nb = (ObjectNode) readJson(NOTEBOOK);
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      mutateNotebook(r, nb, failingMagics);
    }
    String text = nb.toString();
    switch (r.nextInt(10)) {
      case 0 -> text = text.substring(0, r.nextInt(text.length() + 1)); // truncated
      case 1 -> text = failingMagics ? mutate(r, text) : text; // may break '%stage fuzz' too
      case 2 ->
          text = pick(r, "", "null", "[]", "{}", "\"x\"", "5", "{", "{\"cells\": [", "\ufeff{}");
      case 3 -> text = text.replaceFirst("\"nbformat\"", "\"nbformat\": 3, \"nbformat\""); // twice
      case 4 -> text = "{\"deep\": " + deep(r) + ", " + text.substring(1);
      default -> {
        // the tree's text as it is
      }
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(12) == 0 && bytes.length > 0) {
      bytes[r.nextInt(bytes.length)] =
          (byte) (int) pick(r, 0xff, 0xc0, 0x80, 0x00, 0xed); // not UTF-8
    }
    return bytes;
  }

  private static void mutateNotebook(Random r, ObjectNode nb, boolean failingMagics) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayNode cells = nb.path("cells") instanceof ArrayNode a ? a : null;
    ObjectNode cell =
        cells != null
                && !cells.isEmpty()
                && cells.get(r.nextInt(cells.size())) instanceof ObjectNode o
            ? o
            : null;
    switch (r.nextInt(14)) {
      case 0 ->
          nb.set(
              "nbformat",
              oddValue(r, f, f.numberNode(3), f.numberNode(5), f.textNode("4"), f.numberNode(4.0)));
      case 1 -> nb.remove(pick(r, "nbformat", "nbformat_minor", "cells", "metadata"));
      case 2 -> nb.set("cells", oddValue(r, f, f.objectNode(), f.textNode("cells")));
      case 3 -> nb.set("metadata", oddValue(r, f, f.arrayNode(), f.objectNode()));
      case 4 -> {
        if (cells != null) {
          cells.insert(r.nextInt(cells.size() + 1), oddValue(r, f, f.objectNode(), f.arrayNode()));
        }
      }
      case 5 -> {
        if (cell != null) {
          cell.set(
              "cell_type",
              oddValue(r, f, f.textNode("raw"), f.textNode("markdown"), f.textNode("Code")));
        }
      }
      case 6 -> {
        if (cell != null) {
          cell.set(
              "source",
              oddValue(
                  r,
                  f,
                  f.arrayNode().add("a").addNull(),
                  f.arrayNode().add(1).add(2),
                  f.textNode(
                      "%stage "
                          + (failingMagics
                              ? pick(
                                  r,
                                  "",
                                  "../x",
                                  "a b",
                                  "\u00ad",
                                  "x".repeat(300),
                                  "fuzz\n%stage again")
                              : pick(r, "fuzz", "fuzz-2", "x.y_z"))),
                  f.textNode("%%stage x\nint y = 1;"),
                  f.textNode("\"".repeat(3) + "unterminated"),
                  f.textNode("int n = ;"),
                  f.textNode("x".repeat(1_000_000))));
        }
      }
      case 7 -> {
        if (cell != null) {
          cell.set(
              "metadata",
              oddValue(
                  r,
                  f,
                  f.objectNode().put("tags", "parameters"),
                  f.objectNode().set("tags", f.arrayNode().addNull().add(5)),
                  f.objectNode()
                      .set("tags", f.arrayNode().add("parameters").add("injected-parameters"))));
        }
      }
      case 8 -> {
        if (cell != null) {
          cell.set(
              "outputs",
              oddValue(
                  r, f, f.objectNode(), f.arrayNode().add(f.objectNode().put("output_type", "x"))));
        }
      }
      case 9 -> {
        if (cell != null) {
          cell.set(
              "execution_count",
              oddValue(r, f, f.textNode("x"), f.numberNode(-1), f.numberNode(1e100)));
        }
      }
      case 10 -> {
        if (cell != null) {
          cell.set("id", oddValue(r, f, f.textNode(""), f.textNode("c0"), f.textNode("a b\n")));
        }
      }
      case 11 -> {
        if (cells != null && cell != null) {
          for (int i = r.nextInt(40); i > 0; i--) {
            cells.add(cell.deepCopy()); // many parameters cells, many stages
          }
        }
      }
      case 12 -> {
        if (cell != null) {
          cell.remove(
              pick(r, "cell_type", "source", "metadata", "outputs", "execution_count", "id"));
        }
      }
      default -> nb.set("nbformat_minor", oddValue(r, f, f.numberNode(99), f.textNode("5")));
    }
  }

  /** One of the given values, or a value of a kind no notebook field has. */
  private static JsonNode oddValue(Random r, JsonNodeFactory f, JsonNode... likely) {
    if (likely.length > 0 && r.nextBoolean()) {
      return likely[r.nextInt(likely.length)];
    }
    return switch (r.nextInt(6)) {
      case 0 -> f.nullNode();
      case 1 -> f.numberNode(r.nextInt());
      case 2 -> f.booleanNode(r.nextBoolean());
      case 3 -> f.textNode(pick(r, HostileStrings.values().toArray(String[]::new)));
      case 4 -> f.arrayNode().add(f.objectNode());
      default -> f.numberNode(new BigDecimal("1e400"));
    };
  }

  /** Nesting around Jackson's limit of 1,000 levels, as text (Jackson cannot write it). */
  private static String deep(Random r) {
    int levels = 900 + r.nextInt(300);
    boolean arrays = r.nextBoolean();
    return (arrays ? "[" : "{\"a\": ").repeat(levels) + "1" + (arrays ? "]" : "}").repeat(levels);
  }

  // ---------------------------------------------------------------------------------------------
  // Output paths

  @Provide
  Arbitrary<String> writers() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("prepare", "airflow", "k8s", "new", "plot", "pipeline")),
        Tuple.of(2, Arbitraries.just("run")));
  }

  @Provide
  Arbitrary<String> outputPaths() {
    Path db = factory.resolve("registry.db");
    Arbitrary<String> registryFiles =
        Arbitraries.of(
            "../.factory/registry.db",
            "../.factory/registry.db-wal",
            "../.factory/registry.db-shm",
            "../.factory/registry.db-journal",
            "../.factory",
            "../.factory/",
            "../.factory/objects",
            "../.factory/objects/tmp/x.ipynb",
            "../.factory/objects/ab/cd.ipynb",
            "../.factory/new.ipynb",
            "../.factory/new.png",
            "./../.factory/../.factory/registry.db",
            "../../" + root.getFileName() + "/.factory/registry.db",
            db.toString(),
            factory.resolve("objects/x.svg").toString(),
            "../.factory/schedules/x.py");
    Arbitrary<String> links =
        Arbitraries.of(
            "dblink",
            "factorylink",
            "factorylink/registry.db",
            "factorylink/x.ipynb",
            "objlink",
            "objlink/x.ipynb",
            "objlink/x.png",
            "dirlink",
            "dirlink/x.ipynb",
            "dangling",
            "loop1",
            "loop1/x.ipynb");
    Arbitrary<String> folders =
        Arbitraries.of(
            "adir",
            "adir/",
            ".",
            "..",
            "",
            "/",
            "out",
            "./",
            "../src",
            "/proc/x",
            "/proc/x/y.ipynb",
            "/proc/self/x.png");
    Arbitrary<String> names =
        Arbitraries.frequencyOf(
            Tuple.of(
                6,
                Arbitraries.strings()
                    .withCharRange('a', 'e')
                    .withChars(
                        '\n', '\r', '\t', ' ', '-', '.', '*', '?', '\'', '"', '\\', ':', '\u00ad',
                        'é', '\u202e', '%', '$', '~')
                    .ofMinLength(1)
                    .ofMaxLength(12)),
            Tuple.of(1, Arbitraries.of("x".repeat(255), "x".repeat(300), "-", "--", "-x", "~")));
    Arbitrary<String> generated =
        Combinators.combine(
                Arbitraries.of("", "", "sub/", "sub/deeper/", "../w/", "./", "out/"),
                names,
                Arbitraries.of("", ".ipynb", ".ipynb", ".png", ".svg", ".py", ".yaml"))
            .as((prefix, name, suffix) -> prefix + name + suffix);
    return Arbitraries.frequencyOf(
        Tuple.of(3, registryFiles),
        Tuple.of(2, links),
        Tuple.of(2, folders),
        Tuple.of(3, generated));
  }

  // ---------------------------------------------------------------------------------------------
  // Other commands

  @Provide
  Arbitrary<List<String>> otherCommandLines() {
    Arbitrary<String> word =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of("fuzz", "fuzz.ipynb", "fuzz.ipynb@1", "fx", "m", "0000")),
            Tuple.of(2, Arbitraries.of(HostileStrings.values())),
            Tuple.of(
                2,
                Arbitraries.of(
                    "--json",
                    "--limit",
                    "-1",
                    "99999999999",
                    "--stage",
                    "--status",
                    "--kind",
                    "--sort",
                    "--depth",
                    "--downstream",
                    "--grace",
                    "--dry-run",
                    "--help",
                    "-h",
                    "--registry",
                    "--",
                    "-",
                    "x@",
                    "@",
                    "a@b@c",
                    "%",
                    "'; DROP TABLE runs; --")),
            Tuple.of(2, Arbitraries.strings().all().ofMaxLength(10)));
    Arbitrary<List<String>> command =
        Arbitraries.of(
            List.of("runs"),
            List.of("show"),
            List.of("artifacts"),
            List.of("lineage"),
            List.of("diff"),
            List.of("alias", "set"),
            List.of("alias", "list"),
            List.of("alias", "history"),
            List.of("alias", "remove"),
            List.of("verify"),
            List.of("gc", "--dry-run"),
            List.of("templates", "list"),
            List.of("templates", "show"),
            List.of("schedules", "list"),
            List.of("schedules", "show"),
            List.of("schedules", "history"),
            List.of("schedules", "pause"),
            List.of("schedules", "resume"),
            List.of("export", "airflow"),
            List.of("export", "k8s-cronjob"),
            List.of("pipeline", "plan"),
            List.of("feedback"),
            List.of("feedback", "fuzz", "--file"),
            List.of("seal"),
            List.of("help"),
            List.of("schedules"),
            List.of("pipeline"),
            List.of());
    return Combinators.combine(command, word.list().ofMaxSize(4))
        .as(
            (c, words) -> {
              List<String> args = new ArrayList<>(c);
              args.addAll(words);
              // Never where a registry would be made, or another one chosen.
              args.removeIf(a -> a.equals("--registry"));
              return args;
            });
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static Map<String, Object> code(String source, String tag) {
    Map<String, Object> cell = new LinkedHashMap<>();
    cell.put("cell_type", "code");
    cell.put("id", "c" + Math.abs(source.hashCode()));
    cell.put("metadata", tag == null ? Map.of() : Map.of("tags", List.of(tag)));
    cell.put("execution_count", null);
    cell.put("outputs", List.of());
    cell.put("source", source);
    return cell;
  }

  private static String notebook(List<Map<String, Object>> cells) {
    Map<String, Object> nb = new LinkedHashMap<>();
    nb.put("cells", cells);
    nb.put(
        "metadata",
        Map.of(
            "kernelspec",
            Map.of("name", "factory-java", "display_name", "Java (Factory)", "language", "java")));
    nb.put("nbformat", 4);
    nb.put("nbformat_minor", 5);
    try {
      return JSON.writeValueAsString(nb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static void link(String name, String target) throws IOException {
    Path link = work.resolve(name);
    if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
      deleteRecursively(link);
    }
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of(target));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
