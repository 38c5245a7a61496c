package dev.nbfactory.magics.helpers;

import dev.nbfactory.magics.magic.Html;
import dev.nbfactory.magics.magic.MimeBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tribuo.evaluation.Evaluation;

/**
 * What a {@link Gate} decided. Shows as a short table in a notebook; {@link #report()} is the same
 * as Markdown, to store as an artifact; {@link #reason()} is the line kept in the alias's history.
 *
 * @param championVersion the alias's holder before the gate, or null when it pointed nowhere
 * @param championValue the holder's value of the metric, or null without a holder
 * @param promoted whether the candidate won (the alias points at it now)
 * @param championEvaluation the holder's evaluation, or null without a holder
 * @param held whether the alias was held (a member of a grid): a winning candidate did not take it
 */
public record GateDecision(
    String artifact,
    String alias,
    String metric,
    boolean higherIsBetter,
    double minGain,
    int candidateVersion,
    double candidateValue,
    Integer championVersion,
    Double championValue,
    boolean promoted,
    Evaluation<?> candidateEvaluation,
    Evaluation<?> championEvaluation,
    boolean held)
    implements Displayable {

  /** The version that holds the alias after the gate (null when none does). */
  public Integer production() {
    return promoted && !held ? Integer.valueOf(candidateVersion) : championVersion;
  }

  /** What the winner's row says: it holds the alias now, or would, were the gate not held. */
  private String takes() {
    return held ? "would be " + alias + " (held: a member of a grid)" : "is " + alias + " now";
  }

  /** One line: who won, on what, by how much. */
  public String reason() {
    String candidate = artifact + "@" + candidateVersion + " " + metric + " " + f(candidateValue);
    if (championVersion == null) {
      return "gate: " + candidate + ", no " + alias + " before it";
    }
    String champion = artifact + "@" + championVersion + " " + f(championValue);
    return "gate: "
        + candidate
        + (promoted ? " beats " : " does not beat ")
        + champion
        + " by more than "
        + f(minGain)
        + (higherIsBetter ? "" : " (lower is better)");
  }

  /** The decision as a short Markdown document, as a report quotes it. */
  public String report() {
    return String.format(
        Locale.ROOT,
        "# Gate: %s@%s%n%nchallenger: %s@%d, %s %s%n%nchampion: %s%n%ndecision: %s%n",
        artifact,
        alias,
        artifact,
        candidateVersion,
        metric,
        f(candidateValue),
        championVersion == null
            ? "none"
            : String.format(
                Locale.ROOT, "%s@%d, %s %s", artifact, championVersion, metric, f(championValue)),
        promoted
            ? artifact + "@" + candidateVersion + (held ? " " + takes() : " is " + alias)
            : artifact
                + "@"
                + championVersion
                + " stays "
                + alias
                + " (the challenger does not beat it by more than minGain)");
  }

  /** The decision as a table: the two versions, their values, and the outcome. */
  @Override
  public MimeBundle mimeBundle() {
    List<String> header = List.of("", "version", metric, "");
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "challenger",
            artifact + "@" + candidateVersion,
            f(candidateValue),
            promoted ? takes() : ""));
    rows.add(
        championVersion == null
            ? List.of("champion", "none", "", "")
            : List.of(
                "champion",
                artifact + "@" + championVersion,
                f(championValue),
                promoted && !held ? "" : "stays " + alias));
    String html =
        "<p><b>Gate: "
            + Html.escape(artifact + "@" + alias)
            + "</b> ("
            + (higherIsBetter ? "higher" : "lower")
            + " "
            + Html.escape(metric)
            + " wins by more than "
            + f(minGain)
            + ")</p>\n"
            + Html.table(header, rows);
    return MimeBundle.html(html, toString());
  }

  @Override
  public String toString() {
    return reason();
  }

  private static String f(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
