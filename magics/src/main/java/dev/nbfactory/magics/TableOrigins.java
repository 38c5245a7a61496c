package dev.nbfactory.magics;

import dev.nbfactory.registry.ArtifactVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * Which registry version each table a stage loaded came from, so what is made of it (a Tribuo
 * dataset, and the model trained on that) can say so in its own provenance. Tables are matched by
 * identity (Tablesaw's tables do not define equality), and only the most recent loads are kept.
 */
public final class TableOrigins {
  private static final int KEPT = 256;
  private static final Map<Table, ArtifactVersion> ORIGINS =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Table, ArtifactVersion> eldest) {
              return size() > KEPT;
            }
          });

  private TableOrigins() {}

  static void remember(Table table, ArtifactVersion version) {
    ORIGINS.put(table, version);
  }

  /** The version {@code table} was loaded from by {@code Factory.table}, if it was. */
  public static Optional<ArtifactVersion> of(Table table) {
    return Optional.ofNullable(ORIGINS.get(table));
  }
}
