package dev.nbfactory.kernel.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.RunKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cell rewrites of the factory hook, on cell sources. */
class FactoryCellHookTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Table t = Factory.input(\"x\");|Table t = Factory.input(\"x\", Table.class);",
        "Model<Label> m = Factory.input(\"m@production\");"
            + "|Model<Label> m = Factory.input(\"m@production\", Model.class);",
        "  final Path p=Factory.input( \"f@3\" );|  final Path p=Factory.input(\"f@3\", Path.class);",
        "tech.tablesaw.api.Table t = Factory.input(\"a\\\"b\");"
            + "|tech.tablesaw.api.Table t = Factory.input(\"a\\\"b\", tech.tablesaw.api.Table.class);",
        "var v = Factory.input(\"x\");|var v = Factory.input(\"x\");",
        "Object o = Factory.input(name);|Object o = Factory.input(name);",
        "t = Factory.input(\"x\");|t = Factory.input(\"x\");",
        "else t = Factory.input(\"x\");|else t = Factory.input(\"x\");",
        "int n = Factory.input(\"x\").hashCode();|int n = Factory.input(\"x\").hashCode();",
        "Table t = Factory.input(\"x\").copy();|Table t = Factory.input(\"x\").copy();",
        "// Table t = Factory.input(\"x\") in a comment|// Table t = Factory.input(\"x\") in a comment",
      })
  void aDeclaredInputPassesItsTypeToBeChecked(String cell, String rewritten) {
    assertThat(new FactoryCellHook(RunKind.INTERACTIVE).rewrite(cell)).isEqualTo(rewritten);
  }

  @Test
  void theTaggedParametersCellIsRecognisedByItsSavedSourceInTheWorkingDirectory() throws Exception {
    Files.writeString(
        dir.resolve("stage.ipynb"),
        "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"parameters\"]},"
            + " \"source\": [\"int rows = 4;\\n\", \"double rate = 0.5;\"], \"outputs\": []},"
            + " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"int other = 1;\","
            + " \"outputs\": []}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
    Files.writeString(dir.resolve("broken.ipynb"), "{ not json");
    TaggedParameterCells cells = new TaggedParameterCells(() -> null, dir);

    assertThat(cells.isParametersCell("int rows = 4;\ndouble rate = 0.5;\n")).isTrue();
    assertThat(cells.isParametersCell("int other = 1;")).isFalse();
    assertThat(cells.isParametersCell("int rows = 5;\ndouble rate = 0.5;")).isFalse();

    Path known = dir.resolve("elsewhere.ipynb");
    Files.copy(dir.resolve("stage.ipynb"), known);
    Files.delete(dir.resolve("stage.ipynb"));
    assertThat(
            new TaggedParameterCells(() -> known, dir.resolve("nowhere"))
                .isParametersCell("int rows = 4;\ndouble rate = 0.5;"))
        .isTrue();
  }
}
