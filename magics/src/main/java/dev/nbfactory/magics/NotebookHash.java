package dev.nbfactory.magics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The version of a notebook's code: SHA-256 over the sources of its code cells, in order. Outputs,
 * execution counts, metadata, markdown and the {@code injected-parameters} cell do not count, so
 * running a notebook or saving it with new outputs keeps its hash, and parameters are compared on
 * their own. The kernel records it on runs; pipelines compare it to decide what is up to date.
 */
public final class NotebookHash {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NotebookHash() {}

  /** The hash of the notebook file; an IOException for a file that is not notebook JSON. */
  public static String of(Path notebook) throws IOException {
    return of(JSON.readTree(notebook.toFile()));
  }

  public static String of(JsonNode notebook) {
    MessageDigest sha = ContentHash.digest();
    for (JsonNode cell : notebook.path("cells")) {
      if (!cell.path("cell_type").asText().equals("code") || injected(cell)) {
        continue;
      }
      JsonNode source = cell.path("source");
      StringBuilder text = new StringBuilder();
      if (source.isArray()) {
        source.forEach(line -> text.append(line.asText()));
      } else {
        text.append(source.asText());
      }
      sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
      sha.update(new byte[] {0}); // cell boundary: "ab" + "c" differs from "a" + "bc"
    }
    return ContentHash.hex(sha);
  }

  private static boolean injected(JsonNode cell) {
    for (JsonNode tag : cell.path("metadata").path("tags")) {
      if (tag.asText().equals("injected-parameters")) {
        return true;
      }
    }
    return false;
  }
}
