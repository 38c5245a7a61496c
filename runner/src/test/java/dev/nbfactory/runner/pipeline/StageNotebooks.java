package dev.nbfactory.runner.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small stage notebooks for the pipeline tests, under {@code dir/stages/}. */
final class StageNotebooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StageNotebooks() {}

  /**
   * A notebook of a parameters cell holding {@code parameters}, then one code cell per entry of
   * {@code cells}, each importing {@code Factory} and Tablesaw's API first.
   */
  static void write(Path dir, String file, String parameters, String... cells) throws Exception {
    StringBuilder json = new StringBuilder("{\"cells\": [");
    json.append(
            "{\"cell_type\": \"code\", \"id\": \"p\", \"metadata\": {\"tags\": [\"parameters\"]},")
        .append(" \"outputs\": [], \"execution_count\": null, \"source\": ")
        .append(JSON.writeValueAsString(parameters))
        .append("}");
    for (int i = 0; i < cells.length; i++) {
      json.append(", {\"cell_type\": \"code\", \"id\": \"c")
          .append(i)
          .append("\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": ")
          .append(
              JSON.writeValueAsString(
                  "import dev.nbfactory.magics.Factory;\nimport tech.tablesaw.api.*;\n" + cells[i]))
          .append("}");
    }
    json.append("], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    Files.createDirectories(dir.resolve("stages"));
    Files.writeString(dir.resolve("stages").resolve(file), json);
  }
}
