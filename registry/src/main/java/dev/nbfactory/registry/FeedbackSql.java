package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SQL of outcomes: which ids are known, the inserts, and the outcome that stands for each. */
final class FeedbackSql {
  /** Ids bound per {@code IN (...)} query: well under every driver's parameter limit. */
  private static final int CHUNK = 500;

  private FeedbackSql() {}

  /**
   * Records a batch of outcomes in the caller's transaction. The first outcome of a prediction
   * stands: a later one with the same actual is accepted again (a client's retry), one with a
   * different actual is ignored with a message. Unknown ids are reported; the rest land.
   */
  static FeedbackResult record(Connection c, List<Outcome> outcomes, long now) throws SQLException {
    Set<String> ids = new LinkedHashSet<>();
    outcomes.forEach(o -> ids.add(o.predictionId()));
    Set<String> known = knownRequests(c, ids);
    insert(c, outcomes.stream().filter(o -> known.contains(o.predictionId())).toList(), now);
    // Read after inserting: what stands is whatever came first, from this batch, an earlier one or
    // another replica's that committed meanwhile (its insert made ours do nothing).
    Map<String, String> standing = recordedActuals(c, known);
    List<String> accepted = new ArrayList<>();
    List<FeedbackResult.Refusal> ignored = new ArrayList<>();
    List<FeedbackResult.Refusal> unknown = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      String id = outcome.predictionId();
      String first = standing.get(id);
      if (!known.contains(id)) {
        unknown.add(new FeedbackResult.Refusal(id, "no prediction '" + id + "'"));
      } else if (outcome.actual().equals(first)) {
        accepted.add(id);
      } else {
        ignored.add(new FeedbackResult.Refusal(id, differs(id, first, outcome.actual())));
      }
    }
    return new FeedbackResult(accepted, ignored, unknown);
  }

  /** Inserts outcomes in batch order; one for a prediction that already has one does nothing. */
  private static void insert(Connection c, List<Outcome> outcomes, long now) throws SQLException {
    if (outcomes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO feedback (prediction_id, actual, received_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (prediction_id) DO NOTHING")) {
      for (Outcome outcome : outcomes) {
        Jdbc.bind(ps, outcome.predictionId(), outcome.actual(), now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static String differs(String id, String first, String again) {
    return "prediction '"
        + id
        + "' already has the outcome '"
        + first
        + "'; '"
        + again
        + "' is ignored: the first outcome stands";
  }

  /** The ids among {@code ids} that name a production prediction: the ids clients receive. */
  private static Set<String> knownRequests(Connection c, Set<String> ids) throws SQLException {
    Set<String> known = new HashSet<>();
    for (List<String> chunk : chunks(ids)) {
      known.addAll(
          Jdbc.query(
              c,
              "SELECT id FROM predictions WHERE role = 'production' AND id IN ("
                  + placeholders(chunk.size())
                  + ")",
              rs -> rs.getString(1),
              chunk.toArray()));
    }
    return known;
  }

  private static Map<String, String> recordedActuals(Connection c, Set<String> ids)
      throws SQLException {
    Map<String, String> actuals = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      Jdbc.query(
          c,
          "SELECT prediction_id, actual FROM feedback WHERE prediction_id IN ("
              + placeholders(chunk.size())
              + ")",
          rs -> actuals.put(rs.getString(1), rs.getString(2)),
          chunk.toArray());
    }
    return actuals;
  }

  /**
   * The ids in chunks of 1, 16 or {@link #CHUNK}, the last padded with repeats of its first id: few
   * distinct statements, so the statement cache keeps them.
   */
  private static List<List<String>> chunks(Set<String> ids) {
    List<String> all = new ArrayList<>(ids);
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = new ArrayList<>(all.subList(from, Math.min(all.size(), from + CHUNK)));
      int size = chunk.size() == 1 ? 1 : chunk.size() <= 16 ? 16 : CHUNK;
      while (chunk.size() < size) {
        chunk.add(chunk.get(0));
      }
      out.add(chunk);
    }
    return out;
  }

  /** Only question marks: the SQL text never holds a value. */
  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
