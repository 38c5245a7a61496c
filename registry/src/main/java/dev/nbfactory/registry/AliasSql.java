package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Moving and removing aliases, each move kept in the alias's history. */
final class AliasSql {
  private AliasSql() {}

  /** Points {@code alias} at the version {@code ref} names; a no-op when it already does. */
  static AliasChange set(
      Connection c, ArtifactRef ref, String alias, String changedBy, String reason, long now)
      throws SQLException {
    ArtifactVersion target = SqlReader.resolve(c, ref);
    long artifactId = SqlReader.artifactId(c, target.name());
    Optional<Long> before =
        Jdbc.queryOne(
            c,
            "SELECT version_id FROM aliases WHERE artifact_id = ? AND alias = ?",
            rs -> rs.getLong(1),
            artifactId,
            alias);
    Integer fromVersion = before.isPresent() ? SqlReader.version(c, before.get()).version() : null;
    if (before.isPresent() && before.get() == target.id()) {
      return new AliasChange(
          target.name(), alias, fromVersion, target.version(), null, changedBy, reason);
    }
    Jdbc.update(
        c,
        "INSERT INTO aliases (artifact_id, alias, version_id, updated_at, updated_by)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (artifact_id, alias) DO UPDATE SET"
            + " version_id = excluded.version_id, updated_at = excluded.updated_at,"
            + " updated_by = excluded.updated_by",
        artifactId,
        alias,
        target.id(),
        now,
        changedBy);
    Jdbc.update(
        c,
        "INSERT INTO alias_history (artifact_id, alias, from_version_id, to_version_id,"
            + " changed_at, changed_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
        artifactId,
        alias,
        before.orElse(null),
        target.id(),
        now,
        changedBy,
        reason);
    return new AliasChange(
        target.name(),
        alias,
        fromVersion,
        target.version(),
        Instant.ofEpochMilli(now),
        changedBy,
        reason);
  }

  static AliasChange remove(
      Connection c, String artifact, String alias, String changedBy, String reason, long now)
      throws SQLException {
    long artifactId = SqlReader.artifactId(c, artifact);
    Long before =
        Jdbc.queryOne(
                c,
                "SELECT version_id FROM aliases WHERE artifact_id = ? AND alias = ?",
                rs -> rs.getLong(1),
                artifactId,
                alias)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "artifact '" + artifact + "' has no alias '" + alias + "'"));
    Jdbc.update(c, "DELETE FROM aliases WHERE artifact_id = ? AND alias = ?", artifactId, alias);
    Jdbc.update(
        c,
        "INSERT INTO alias_history (artifact_id, alias, from_version_id, to_version_id,"
            + " changed_at, changed_by, reason) VALUES (?, ?, ?, NULL, ?, ?, ?)",
        artifactId,
        alias,
        before,
        now,
        changedBy,
        reason);
    return new AliasChange(
        artifact,
        alias,
        SqlReader.version(c, before).version(),
        null,
        Instant.ofEpochMilli(now),
        changedBy,
        reason);
  }
}
