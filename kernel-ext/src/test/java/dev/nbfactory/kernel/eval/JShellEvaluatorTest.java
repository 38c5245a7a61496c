package dev.nbfactory.kernel.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator in this JVM: values, errors with cell lines, exit calls, interrupts. */
class JShellEvaluatorTest {
  private static JShellEvaluator ev;

  @BeforeAll
  static void start() throws Exception {
    ev = JShellEvaluator.start(List.of(), t -> {});
    ev.addStartImports(JShellEvaluator.DEFAULT_IMPORTS);
  }

  @AfterAll
  static void stop() {
    ev.close();
  }

  private static CellException failure(String code) {
    try {
      ev.eval(code, "In[9]");
    } catch (CellException e) {
      return e;
    }
    throw new AssertionError("expected a failure: " + code);
  }

  @Test
  void valueIsTheLiveObjectOfTheLastExpression() throws Exception {
    Object v =
        ev.eval("List<String> names = new ArrayList<>();\nnames.add(\"a\");\nnames", "In[1]");
    assertThat(v).isInstanceOf(ArrayList.class);
    assertThat(v).hasToString("[a]");
    assertThat(ev.eval("null", "In[2]")).isNull();
  }

  /**
   * On-demand imports make JShell declare earlier variables anew, which would reset them to null
   * and 0; their values are kept.
   */
  @Test
  void aLaterImportKeepsTheValuesOfEarlierVariables() throws Exception {
    ev.eval("import dev.nbfactory.magics.Factory;", "In[0]");
    ev.eval(
        "String keptData = \"data/rows.csv\";\nint keptRows = 7;\n"
            + "List<String> keptList = new ArrayList<>(List.of(\"a\"));",
        "In[1]");
    ev.eval(
        "import dev.nbfactory.magics.Factory;\nimport tech.tablesaw.api.*;\n"
            + "import org.tribuo.*;\nimport org.tribuo.classification.*;",
        "In[2]");
    assertThat(ev.eval("keptData + \" \" + keptRows + \" \" + keptList", "In[3]"))
        .isEqualTo("data/rows.csv 7 [a]");
  }

  /**
   * A value that no longer fits its variable's type is named, with the reason, not lost silently.
   */
  @Test
  void aVariableWhoseValueNoLongerFitsIsNamed() throws Exception {
    ev.eval("class Shape { int sides = 3; }\nShape triangle = new Shape();", "In[1]");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      ev.eval("class Shape { int sides = 4; String name = \"square\"; }", "In[2]");
    } finally {
      System.setErr(old);
    }
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("declare triangle (its REPL.")
        .contains("does not fit its type Shape now")
        .contains("run the cells that set it again");
    assertThat(ev.eval("triangle == null", "In[3]")).isEqualTo(true);
  }

  @Test
  void everyStartImportHoldsAlsoAfterACellImportsOneOfThemAgain() throws Exception {
    String uses =
        "List.of(new File(\"f\").getName(), BigInteger.TWO, Path.of(\"p\"),"
            + " Pattern.compile(\"x\").pattern(), Stream.of(1).collect(Collectors.toList()),"
            + " (Function<Integer, Integer>) x -> x, new ConcurrentHashMap<String, String>(),"
            + " URI.create(\"http://h\").getHost()).size()";
    assertThat(ev.eval(uses, "In[1]")).isEqualTo(8);
    ev.eval("import java.util.*;\nimport java.io.*;\nimport java.util.stream.*;", "In[2]");
    assertThat(ev.eval(uses, "In[3]")).isEqualTo(8);
    assertThatThrownBy(() -> ev.addStartImports(List.of("java.time.*")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStartImportThatDoesNotCompileNamesItself() throws Exception {
    try (JShellEvaluator other = JShellEvaluator.start(List.of(), t -> {})) {
      assertThatThrownBy(() -> other.addStartImports(List.of("java.util.*", "no.such.pkg.*")))
          .isInstanceOf(CellException.class)
          .hasMessageContaining("no.such.pkg");
    }
  }

  /**
   * Imports an extension adds at the start join the start imports' one snippet; a cell's own import
   * of one of them adds to them rather than replacing the lot, and a failing one names itself.
   */
  @Test
  void importsAddedBeforeAnyDeclarationJoinTheStartImports() throws Exception {
    try (JShellEvaluator other = JShellEvaluator.start(List.of(), t -> {})) {
      other.addStartImports(JShellEvaluator.DEFAULT_IMPORTS);
      other.addImports(List.of("tech.tablesaw.api.*", "java.time.*"));
      String uses = "List.of(Table.create(\"t\").name(), LocalDate.of(2026, 1, 2).getDayOfMonth())";
      assertThat(other.eval(uses, "In[1]")).hasToString("[t, 2]");
      other.eval("import tech.tablesaw.api.*;", "In[2]");
      assertThat(other.eval(uses, "In[3]")).hasToString("[t, 2]");
      assertThatThrownBy(() -> other.addImports(List.of("java.time.chrono.*", "no.such.pkg.*")))
          .isInstanceOf(CellException.class)
          .hasMessageContaining("no.such.pkg");
      assertThat(other.eval(uses, "In[4]")).hasToString("[t, 2]");

      other.eval("int kept = 7;", "In[5]");
      other.addImports(List.of("java.time.format.*")); // a snippet of its own now
      assertThat(other.eval("DateTimeFormatter.ISO_DATE != null && kept == 7", "In[6]"))
          .isEqualTo(true);
      assertThat(other.eval(uses, "In[7]")).hasToString("[t, 2]");
    }
  }

  @Test
  void declarationsAndSemicolonsHaveNoValue() throws Exception {
    assertThat(ev.eval("int seven = 7;", "In[1]")).isSameAs(CellExecutionControl.NO_VALUE);
    assertThat(ev.eval("seven * 6;", "In[2]")).isSameAs(CellExecutionControl.NO_VALUE);
    assertThat(ev.eval("seven * 6", "In[3]")).isEqualTo(42);
    assertThat(ev.eval("void nothing() {}", "In[4]")).isSameAs(CellExecutionControl.NO_VALUE);
    assertThat(ev.eval("nothing()", "In[5]")).isSameAs(CellExecutionControl.NO_VALUE);
  }

  @Test
  void theLastExpressionRunsOnceWhateverItIs() throws Exception {
    ev.eval("int calls = 0;\nint count() { return ++calls; }", "In[1]");
    assertThat(ev.eval("count()", "In[2]")).isEqualTo(1);
    // a void call, a declaration without its semicolon, a lambda: each runs once, as JShell would
    ev.eval("void bump() { calls += 10; }", "In[3]");
    assertThat(ev.eval("bump()", "In[4]")).isSameAs(CellExecutionControl.NO_VALUE);
    assertThat(ev.eval("calls", "In[5]")).isEqualTo(11);
    assertThat(ev.eval("int late = count()", "In[6]")).isSameAs(CellExecutionControl.NO_VALUE);
    assertThat(ev.eval("late", "In[7]")).isEqualTo(12);
    assertThat(ev.eval("String greeting = \"hi\"", "In[8]"))
        .isSameAs(CellExecutionControl.NO_VALUE);
    assertThat(ev.eval("greeting.length() // trailing comment", "In[9]")).isEqualTo(2);
    assertThat(failure("() -> 1").ename()).isEqualTo("CompilationException");
    assertThat(ev.eval("'c'", "In[10]")).isEqualTo('c');
    assertThat(ev.eval("new int[] {1, 2}.length", "In[11]")).isEqualTo(2);
  }

  @Test
  void anExpressionNamingWhatIsNotDeclaredIsACompileErrorOnItsLine() {
    CellException e = failure("int ok = 1;\nnotDeclaredYet(ok) + 1");
    assertThat(e.ename()).isEqualTo("CompilationException");
    assertThat(e.evalue()).contains("cannot find symbol");
    assertThat(e.traceback()).anyMatch(l -> l.contains("Cell In[9], line 2"));
  }

  @Test
  void anExceptionInTheLastExpressionNamesItsCellLine() {
    CellException e = failure("int zero = 0;\n\n10 / zero");
    assertThat(e.ename()).isEqualTo("java.lang.ArithmeticException");
    assertThat(e.traceback()).anyMatch(l -> l.contains("(Cell In[9], line 3)"));
  }

  @Test
  void compileErrorNamesCellLineAndJavacMessage() {
    CellException e = failure("int a = 1;\n// comment\nString s = a;");
    assertThat(e.ename()).isEqualTo("CompilationException");
    assertThat(e.evalue()).contains("int cannot be converted to java.lang.String");
    assertThat(e.traceback()).anyMatch(l -> l.contains("Cell In[9], line 3"));
    assertThat(e.traceback()).contains("    String s = a;");
  }

  @Test
  void invalidAndIncompleteCodeReportJavacErrors() {
    assertThat(failure("}").ename()).isEqualTo("CompilationException");
    assertThat(failure("for (int i = 0; i < 3; i++) {").ename()).isEqualTo("CompilationException");
  }

  @Test
  void runtimeExceptionTraceIsCutToCellFrames() throws Exception {
    ev.eval(
        "int half(int n) {\n  if (n == 0) throw new IllegalArgumentException(\"zero\");\n  return n / 2;\n}",
        "In[3]");
    CellException e = failure("int k = 0;\nhalf(k)");
    assertThat(e.ename()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(e.evalue()).isEqualTo("zero");
    assertThat(e.traceback())
        .containsExactly(
            "java.lang.IllegalArgumentException: zero",
            "\tat half (Cell In[3], line 2)",
            "\tat (Cell In[9], line 2)");
  }

  @Test
  void exitCallsEndTheCellNotTheJvm() {
    for (String code :
        List.of(
            "System.exit(1);",
            "Runtime.getRuntime().exit(2);",
            "Runtime.getRuntime().halt(3);",
            "java.util.function.IntConsumer c = System::exit;\nc.accept(4);")) {
      CellException e = failure(code);
      assertThat(e.ename()).as(code).isEqualTo("SystemExit");
    }
  }

  @Test
  void statementsAfterASwitchExpressionWithAThrowRuleAllRun() throws Exception {
    // JDK 17's JShell cannot analyse this cell; every statement must still run, in order.
    Object value =
        ev.eval(
            "String algorithm = \"cart\";\n"
                + "var trainer = switch (algorithm) {\n"
                + "  case \"cart\" -> \"tree\";\n"
                + "  default -> throw new IllegalArgumentException(\"unknown \" + algorithm);\n"
                + "};\n"
                + "var seen = new StringBuilder(trainer);\n"
                + "seen.append(\"+after\");\n"
                + "int z = 3;\n"
                + "seen + \":\" + z",
            "In[1]");
    assertThat(value).isEqualTo("tree+after:3");
  }

  @Test
  void interruptStopsABusyLoop() throws Exception {
    // An AtomicLong: the JIT may keep a plain long counter in a register until the thread dies.
    ev.eval("var n = new java.util.concurrent.atomic.AtomicLong();", "In[1]");
    System.clearProperty("spinning");
    CompletableFuture<CellException> result =
        CompletableFuture.supplyAsync(
            () ->
                failure(
                    "while (true) { if (n.incrementAndGet() == 1)"
                        + " System.setProperty(\"spinning\", \"yes\"); }"));
    // Wait until the loop runs: an interrupt while it compiles would stop it before it began.
    while (System.getProperty("spinning") == null) {
      Thread.sleep(20);
    }
    Thread.sleep(100);
    ev.interrupt("stop");
    CellException e = result.get(5, TimeUnit.SECONDS);
    assertThat(e.ename()).isEqualTo("Interrupted");
    assertThat(ev.eval("n.get() > 0", "In[10]")).isEqualTo(true);
  }

  /**
   * A variable is a static field of its snippet's class, and the class stays loaded: declared anew,
   * the old field must let go of the old value (1,000 cells of {@code byte[] a = new byte[...]}
   * kept every array).
   */
  @Test
  void aVariableDeclaredAnewReleasesItsOldValue() throws Exception {
    ev.eval("Object released = new StringBuilder(\"old\");", "In[1]");
    WeakReference<Object> old = new WeakReference<>(ev.eval("released", "In[2]"));
    ev.eval("Object released = new StringBuilder(\"new\");", "In[3]");
    ev.eval("1", "In[4]"); // $value, which held the old value too, is declared anew
    for (int i = 0; i < 50 && old.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(old.get()).isNull();
    assertThat(ev.eval("released.toString()", "In[5]")).isEqualTo("new");
  }

  /** The same source again reuses its class, whose field then holds the new value: kept. */
  @Test
  void theSameDeclarationAgainKeepsItsValue() throws Exception {
    ev.eval("StringBuilder same = new StringBuilder(\"v\");", "In[1]");
    ev.eval("StringBuilder same = new StringBuilder(\"v\");", "In[2]");
    assertThat(ev.eval("same.append(1).toString()", "In[3]")).isEqualTo("v1");
  }

  @Test
  void aUserFacingErrorShowsItsMessageWithoutAStackTrace() {
    CellException e =
        failure(
            "throw new RuntimeException(\"wrapped\","
                + " new dev.nbfactory.kernel.maven.MavenResolutionException(\"x:y:1 was not found\"));");
    assertThat(e.ename()).isEqualTo("MavenResolutionException");
    assertThat(e.evalue()).isEqualTo("x:y:1 was not found");
    assertThat(e.traceback()).hasSize(1);
    assertThat(e.traceback().get(0))
        .endsWith("MavenResolutionException\u001b[0m: x:y:1 was not found");
  }

  @Test
  void failedDataChecksShowTheirLinesWithoutAStackTrace() {
    CellException e =
        failure(
            "dev.nbfactory.magics.helpers.Expect.that(tech.tablesaw.api.Table.create(\"t\"))"
                + ".rowsAtLeast(1).check();");
    assertThat(e.ename()).isEqualTo("DataCheckException");
    assertThat(e.evalue())
        .isEqualTo("1 data check failed on t:\n- rowsAtLeast(1): 0 rows; expected at least 1");
    assertThat(e.traceback()).hasSize(1);
  }

  /**
   * Found by the command-line fuzz test: a magic given a bad argument ({@code %stage a b}, {@code
   * %input nosuch}) showed jjava's wrapper and a Java trace. An input error without a cause of its
   * own is its message; one caused by something else keeps the trace that explains it.
   */
  @Test
  void aFactoryInputErrorIsItsMessageAndOneWithACauseKeepsItsTrace() {
    CellException bad =
        failure(
            "throw new RuntimeException(\"magic failed\", new"
                + " dev.nbfactory.registry.NotFoundException(\"no artifact 'nosuch'\"));");
    CellException caused =
        failure(
            "throw new dev.nbfactory.registry.FactoryException(\"cannot write\", new"
                + " java.io.IOException(\"disk full\"));");

    assertThat(bad.ename()).isEqualTo("NotFoundException");
    assertThat(bad.evalue()).isEqualTo("no artifact 'nosuch'");
    assertThat(bad.traceback()).hasSize(1);
    assertThat(caused.traceback()).anyMatch(l -> l.startsWith("Caused by: java.io.IOException"));
  }

  @Test
  void isComplete() {
    assertThat(ev.isComplete("int x = 1;")).isEqualTo("complete");
    assertThat(ev.isComplete("int x = 1;\nx + 1")).isEqualTo("complete");
    assertThat(ev.isComplete("if (true) {")).isEqualTo("incomplete");
    assertThat(ev.isComplete("int x = 1; }")).isEqualTo("invalid");
  }

  @Test
  void completeAndInspect() {
    JShellEvaluator.Completion c = ev.complete("int q = 1;\nMath.ma", 18);
    assertThat(c.matches()).contains("max(");
    assertThat(c.start()).isEqualTo(16);
    assertThat(ev.inspect("Math.abs", 8))
        .hasValueSatisfying(d -> assertThat(d).contains("Math.abs(int"));
    assertThat(ev.inspect("nothingHere", 3)).isEmpty();
  }

  @Test
  void onlyRecentResultVariablesStayDefined() throws Exception {
    for (int i = 0; i < 3 * JShellEvaluator.KEPT_RESULT_VARIABLES; i++) {
      ev.eval(i + " + 1000", "In[" + i + "]");
    }
    long defined = ev.complete("$", 1).matches().stream().filter(m -> m.matches("\\$\\d+")).count();
    assertThat(defined).isBetween(1L, (long) JShellEvaluator.KEPT_RESULT_VARIABLES);
  }
}
