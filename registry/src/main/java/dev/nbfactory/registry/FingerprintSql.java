package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The SQL of the external files' fingerprint cache (table {@code file_fingerprints}). */
final class FingerprintSql {
  private FingerprintSql() {}

  /** What the file system said of a file when it was hashed, and its hash. */
  public record Row(long size, long modifiedNs, long changedNs, String fileKey, String hash) {}

  public static Optional<Row> find(Connection c, String host, String path) throws SQLException {
    return Jdbc.queryOne(
        c,
        "SELECT size, modified_ns, changed_ns, file_key, content_hash FROM file_fingerprints"
            + " WHERE host = ? AND path = ?",
        rs ->
            new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)),
        host,
        path);
  }

  public static void put(Connection c, String host, String path, Row row, long hashedAtNs)
      throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO file_fingerprints (host, path, size, modified_ns, changed_ns, file_key,"
            + " content_hash, hashed_at_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (host, path) DO UPDATE SET size = excluded.size,"
            + " modified_ns = excluded.modified_ns, changed_ns = excluded.changed_ns,"
            + " file_key = excluded.file_key, content_hash = excluded.content_hash,"
            + " hashed_at_ns = excluded.hashed_at_ns",
        host,
        path,
        row.size(),
        row.modifiedNs(),
        row.changedNs(),
        row.fileKey(),
        row.hash(),
        hashedAtNs);
  }
}
