package dev.nbfactory.runner.schedule;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Compares this node's clock with PostgreSQL's {@code now()}. Clustered Quartz decides that a node
 * is dead, and when a trigger is due, by each node's own clock; a node whose clock is off fires
 * late or early, or takes over jobs of nodes that are alive.
 */
public final class ClockCheck {
  /** Skew beyond this gets a warning. */
  public static final Duration LIMIT = Duration.ofSeconds(2);

  private ClockCheck() {}

  /** How far this clock is ahead of the database's (negative: behind), halving the round trip. */
  public static Duration skew(String jdbcUrl, Clock clock) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      Instant before = clock.instant();
      Instant database;
      try (ResultSet rs = s.executeQuery("SELECT EXTRACT(EPOCH FROM clock_timestamp()) * 1000")) {
        rs.next();
        database = Instant.ofEpochMilli((long) rs.getDouble(1));
      }
      Instant after = clock.instant();
      Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
      return Duration.between(database, middle);
    }
  }

  /** A warning to print when the skew is beyond {@link #LIMIT}. */
  public static Optional<String> warning(Duration skew) {
    if (skew.abs().compareTo(LIMIT) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "warning: this node's clock is %.1f s %s PostgreSQL's; clustered scheduling uses each"
                + " node's clock to fire triggers and to declare nodes dead. Sync it (NTP,"
                + " systemd-timesyncd or chrony)",
            skew.abs().toMillis() / 1000.0, skew.isNegative() ? "behind" : "ahead of"));
  }
}
