package dev.nbfactory.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code factory warm-up} (hidden): runs a small notebook headless in a scratch folder, so that
 * {@code bin/factory} can record the classes a run loads in a class-data archive ({@code
 * -XX:ArchiveClassesAtExit}) and start later runs from it.
 */
@Command(name = "warm-up", hidden = true, description = "Record a class-data archive's run.")
final class WarmUpCommand implements Callable<Integer> {
  static final List<String> CELLS =
      List.of(
          "int epochs = 3;\nString name = \"warm\";",
          "import tech.tablesaw.api.*;\n"
              + "Table t = Table.create(\"t\", IntColumn.create(\"a\", 1, 2, 3),"
              + " StringColumn.create(\"b\", \"x\", \"y\", \"z\"));\n"
              + "t",
          "System.out.println(name + epochs);\n1 + 1",
          "void f() {}\nclass C {}\nvar list = java.util.List.of(1, 2, 3);\nlist.size()");

  private final CliContext context;

  WarmUpCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("factory-warm-up");
    try {
      StringBuilder cells = new StringBuilder();
      for (int i = 0; i < CELLS.size(); i++) {
        cells
            .append(i == 0 ? "" : ",")
            .append("{\"cell_type\": \"code\", \"id\": \"w")
            .append(i)
            .append("\", \"metadata\": ")
            .append(i == 0 ? "{\"tags\": [\"parameters\"]}" : "{}")
            .append(", \"execution_count\": null, \"outputs\": [], \"source\": ")
            .append(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(CELLS.get(i)))
            .append("}");
      }
      Files.writeString(
          dir.resolve("warm-up.ipynb"),
          "{\"cells\": [" + cells + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
      CliContext scratch =
          new CliContext(
              context.out(),
              context.err(),
              Map.of("FACTORY_REGISTRY", dir.resolve(".factory").toString()),
              dir,
              context.clock(),
              context.unicode());
      return FactoryCli.execute(
          scratch,
          "run",
          "warm-up.ipynb",
          "warm-up-out.ipynb",
          "-p",
          "epochs",
          "4",
          "--no-progress");
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
