package dev.nbfactory.magics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one reader of notebook code, table-driven (cell source → the references it reads), as
 * papermill's {@code test_translators.py} tests its translators.
 */
class NotebookCodeTest {

  static Stream<Arguments> cells() {
    return Stream.of(
        // magics
        cell("%stage ingest", "STAGE ingest"),
        cell("  %stage   train-churn  ", "STAGE train-churn"),
        cell("%stage ingest --description \"cleans the data\"", "STAGE ingest"),
        cell("%input customers", "INPUT customers"),
        cell("%input customers@3 as c", "INPUT customers@3"),
        cell("%input churn-model@production as model", "INPUT churn-model@production"),
        cell("%output clean as customers-clean", "OUTPUT customers-clean"),
        cell("%output clean", ""),
        cell("%stage", ""),
        cell("int x = 1;\n%stage late\nint y = 2;", "STAGE late"),
        cell("x %stage not-at-line-start", ""),
        cell("% stage spaced", ""),
        // calls
        cell("Factory.stage(\"train\");", "STAGE train"),
        cell("Factory.stage(\"train\", \"trains the model\");", "STAGE train"),
        cell("Table t = Factory.table(\"customers\");", "INPUT customers"),
        cell("Table t = Factory.input(\"customers@2\");", "INPUT customers@2"),
        cell("Table t = Factory.input(\"customers\", Table.class);", "INPUT customers"),
        cell(
            "var m = Factory.model(\"m@production\").castModel(Label.class);",
            "INPUT m@production"),
        cell("Path p = Factory.path(\"report\");", "INPUT report"),
        cell("Factory.output(\"clean\", clean);", "OUTPUT clean"),
        cell("Factory . output ( \"spaced\" , t ) ;", "OUTPUT spaced"),
        cell("Factory.output(\"x\")", ""),
        cell("Table raw = Factory.csv(\"data/rows.csv\");", "FILE data/rows.csv"),
        cell("Path big = Factory.file(\"data/big.parquet\", false);", "FILE data/big.parquet"),
        cell("Table raw = Factory.csv(data);", ""),
        cell("Factory.table(\"sales@\" + version);", ""),
        cell("Factory.metric(\"rows\", 3);", ""),
        cell("dev.nbfactory.magics.Factory.table(\"qualified\");", "INPUT qualified"),
        cell("MyFactory.table(\"other\");", ""),
        // the gate reads the model's versions
        cell(
            "var d = Gate.on(\"cancer-model\").minGain(0.0).evaluateOn(t, \"y\");",
            "INPUT cancer-model"),
        cell("Gate.on(name)", ""),
        cell("Gate.output(\"not-a-call-of-the-gate\", x);", ""),
        cell("Factory.table(\"a\");\nFactory.table(\"b\");", "INPUT a", "INPUT b"),
        cell(
            "Table l = Factory.table(\"left\"); Table r = Factory.table(\"right\");\n"
                + "Factory.output(\"joined\", l.append(r));",
            "INPUT left",
            "INPUT right",
            "OUTPUT joined"),
        // comments and strings are not code
        cell("// Factory.table(\"commented\");", ""),
        cell("/* Factory.output(\"block\", t); */", ""),
        cell("/*\n%stage in-a-comment\n*/", ""),
        cell("String s = \"Factory.table(\\\"in-a-string\\\")\";", ""),
        cell(
            "String help = \"\"\"\n    %stage in-a-text-block\n    Factory.table(\"x\")\n    \"\"\";",
            ""),
        cell("Factory.table(\"a\"); // then Factory.table(\"b\")", "INPUT a"),
        cell("Factory.table(\"with \\\"quotes\\\" and \\u0041\");", "INPUT with \"quotes\" and A"),
        cell("Factory.table(/* which */ \"annotated\");", "INPUT annotated"),
        // code that does not compile is still read up to where it breaks
        cell("Factory.table(\"ok\");\nString broken = \"unterminated;", "INPUT ok"),
        cell(
            "%sh echo it's here\nFactory.table(\"after-a-shell-line\");",
            "INPUT after-a-shell-line"),
        // everything in a stage notebook's cells, joined
        cell(
            "%stage features\nTable clean = Factory.table(\"cancer-clean\");\n"
                + "Factory.output(\"cancer-train\", train);\nFactory.output(\"cancer-test\", test);",
            "STAGE features", "INPUT cancer-clean", "OUTPUT cancer-train", "OUTPUT cancer-test"),
        cell("%%params --secret token\nString token = \"x\";", ""),
        cell("%input raw as raw\n%output t as t2", "INPUT raw", "OUTPUT t2"));
  }

  private static Arguments cell(String source, String... expected) {
    List<String> want = Stream.of(expected).filter(e -> !e.isEmpty()).toList();
    return Arguments.of(source, want);
  }

  @ParameterizedTest
  @MethodSource("cells")
  void readsTheReferencesOfACell(String source, List<String> expected) {
    assertThat(NotebookCode.read(source).references())
        .extracting(r -> r.kind() + " " + r.name())
        .containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @MethodSource("cells")
  void magicsAreFoundWhereTheyStartALine(String source, List<String> ignored) {
    NotebookCode code = NotebookCode.read(source);
    for (NotebookCode.Magic m : code.magics()) {
      assertThat(source.substring(m.start())).startsWith("%");
      assertThat(m.end() == source.length() || source.charAt(m.end()) == '\n').isTrue();
    }
  }
}
