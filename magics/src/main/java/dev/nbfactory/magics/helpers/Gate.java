package dev.nbfactory.magics.helpers;

import dev.nbfactory.magics.EvaluationMetrics;
import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.PinnedInputs;
import dev.nbfactory.registry.Alias;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import tech.tablesaw.api.Table;

/**
 * The champion/challenger gate: {@code
 * Gate.on("cancer-model").metric("accuracy").minGain(0.0).evaluateOn(test, "diagnosis")} evaluates
 * the candidate (the latest version, or {@link #candidate}) and the alias's holder ({@code
 * production}, or {@link #alias}) on the same data, and moves the alias to the candidate only when
 * it beats the holder by more than {@code minGain} in {@code metric} ({@link EvaluationMetrics}
 * keys: accuracy, macroF1, rmse, mae, r2 ...). No holder: the candidate wins. A tie keeps the
 * holder. The decision is recorded on the open run (metrics {@code gate.candidate}, {@code
 * gate.champion}, {@code gate.promoted}) and, when the alias moves, as the reason in its history.
 */
public final class Gate {
  /**
   * Set (to anything but empty) by a parent that runs this gate for one member of a grid: the gate
   * decides and records as always but moves no alias, so that only the member chosen afterwards
   * ({@code --promote-best}) goes through the gate for real.
   */
  public static final String HOLD_ENV = "FACTORY_GATE_HOLD";

  private final String artifact;
  private String metric = "accuracy";
  private boolean higherIsBetter = true;
  private double minGain;
  private String alias = "production";
  private String candidate;
  private FactorySession session;

  private Gate(String artifact) {
    this.artifact = artifact;
  }

  /** The gate of {@code artifact}, a model's name. */
  public static Gate on(String artifact) {
    if (artifact == null || artifact.isBlank() || artifact.contains("@")) {
      throw new InvalidInputException(
          "Gate.on(\"" + artifact + "\"): give the model's name, such as cancer-model");
    }
    return new Gate(artifact);
  }

  /** The metric that decides, an {@link EvaluationMetrics} key; accuracy unless told. */
  public Gate metric(String key) {
    this.metric = key;
    return this;
  }

  /** A larger value is better (accuracy, F1, r2): the default. */
  public Gate higherIsBetter() {
    this.higherIsBetter = true;
    return this;
  }

  /** A smaller value is better (rmse, mae). */
  public Gate lowerIsBetter() {
    this.higherIsBetter = false;
    return this;
  }

  /** How much better than the holder the candidate must be; 0 unless told, never negative. */
  public Gate minGain(double gain) {
    if (!(gain >= 0)) {
      throw new InvalidInputException("minGain must be 0 or more, not " + gain);
    }
    this.minGain = gain;
    return this;
  }

  /** The alias the gate guards; production unless told. */
  public Gate alias(String name) {
    this.alias = name;
    return this;
  }

  /** The version that challenges, such as {@code cancer-model@3}; the latest unless told. */
  public Gate candidate(String ref) {
    this.candidate = ref;
    return this;
  }

  /** The session to record in; the notebook's own unless told. */
  public Gate in(FactorySession value) {
    this.session = value;
    return this;
  }

  /**
   * Loads the candidate and the holder (each recorded as an input of the run), evaluates both on
   * {@code table} with {@code target} as the truth, decides, and moves the alias on a win.
   */
  public GateDecision evaluateOn(Table table, String target) {
    FactorySession s = session();
    Registry registry = s.registry();
    ArtifactVersion challenger =
        registry.resolve(candidate == null ? PinnedInputs.apply(artifact) : candidate);
    if (!challenger.name().equals(artifact)) {
      throw new InvalidInputException(
          "the candidate " + challenger.ref() + " is not a version of " + artifact);
    }
    Optional<Alias> holder =
        registry.aliases(artifact).stream().filter(a -> a.alias().equals(alias)).findFirst();
    Evaluation<?> candidateEvaluation = evaluate(s.model(challenger.ref()), table, target);
    Evaluation<?> championEvaluation =
        holder.isEmpty()
            ? null
            : evaluate(s.model(artifact + "@" + holder.get().version()), table, target);
    return decide(
        challenger.version(),
        candidateEvaluation,
        holder.map(Alias::version).orElse(null),
        championEvaluation);
  }

  /**
   * As {@link #evaluateOn}, for evaluations made elsewhere: the candidate's version and evaluation,
   * and the holder's (both null when the alias points nowhere yet).
   */
  public GateDecision decide(
      int candidateVersion,
      Evaluation<?> candidateEvaluation,
      Integer championVersion,
      Evaluation<?> championEvaluation) {
    double candidateValue = value(candidateEvaluation);
    Double championValue = championEvaluation == null ? null : value(championEvaluation);
    boolean wins =
        championValue == null
            || (higherIsBetter
                ? candidateValue - championValue > minGain
                : championValue - candidateValue > minGain);
    boolean moves = wins && (championVersion == null || championVersion != candidateVersion);
    GateDecision decision =
        new GateDecision(
            artifact,
            alias,
            metric,
            higherIsBetter,
            minGain,
            candidateVersion,
            candidateValue,
            championVersion,
            championValue,
            wins,
            candidateEvaluation,
            championEvaluation,
            held());
    record(decision, moves);
    return decision;
  }

  private void record(GateDecision d, boolean moves) {
    FactorySession s = session();
    if (s.currentRun().isPresent()) {
      s.metric("gate.candidate", d.candidateValue(), 0);
      if (d.championValue() != null) {
        s.metric("gate.champion", d.championValue(), 0);
      }
      s.metric("gate.promoted", d.promoted() && !held() ? 1 : 0, 0);
      if (held()) {
        s.metric("gate.held", 1, 0);
      }
    }
    if (moves && !held()) {
      String by = s.currentRun().map(r -> "gate, run " + r.shortId()).orElse("gate");
      s.registry().setAlias(artifact + "@" + d.candidateVersion(), alias, by, d.reason());
    }
  }

  private static boolean held() {
    String hold = System.getenv(HOLD_ENV);
    return hold != null && !hold.isBlank();
  }

  private double value(Evaluation<?> evaluation) {
    Map<String, Double> metrics = EvaluationMetrics.of(evaluation);
    Double value = metrics.get(metric);
    if (value == null) {
      throw new InvalidInputException(
          "the gate's metric '"
              + metric
              + "' is not one of this evaluation's: "
              + metrics.keySet());
    }
    return value;
  }

  private static Evaluation<?> evaluate(Model<?> model, Table table, String target) {
    if (model.validate(Label.class)) {
      return new LabelEvaluator()
          .evaluate(model.castModel(Label.class), Datasets.classification(table, target));
    }
    if (model.validate(Regressor.class)) {
      return new RegressionEvaluator()
          .evaluate(model.castModel(Regressor.class), Datasets.regression(table, target));
    }
    throw new InvalidInputException(
        "the gate evaluates classifiers and regressors; this model predicts "
            + model.getOutputIDInfo().getClass().getSimpleName());
  }

  private FactorySession session() {
    return session != null ? session : FactorySession.global();
  }
}
