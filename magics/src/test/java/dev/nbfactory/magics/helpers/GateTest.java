package dev.nbfactory.magics.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.testing.TempRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Every branch of the gate, on real Tribuo models stored in a real registry. */
class GateTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private FactorySession session;
  private final Table test = PredictTest.customers(200, 9);

  @BeforeEach
  void session() {
    session = new FactorySession(NotebookContext.builder().registry(temp.get()).build());
  }

  /** A classifier trained on {@code train}, stored as the next version of churn-model. */
  private int store(Table train) {
    session.stage("train");
    Model<Label> model =
        new LogisticRegressionTrainer().train(Datasets.classification(train, "churn"));
    int version = session.output("churn-model", model).version();
    session.finish();
    return version;
  }

  /** The same customers with every label turned round: a model that learns them is wrong. */
  private static Table flipped(Table table) {
    Table out = table.copy();
    StringColumn churn = out.stringColumn("churn");
    for (int i = 0; i < churn.size(); i++) {
      churn.set(i, churn.get(i).equals("yes") ? "no" : "yes");
    }
    return out;
  }

  private GateDecision gate() {
    session.stage("evaluate");
    GateDecision d = Gate.on("churn-model").in(session).evaluateOn(test, "churn");
    session.finish();
    return d;
  }

  private Map<String, Double> gateMetrics() {
    Registry registry = temp.get();
    Run evaluate = registry.stageHistory("evaluate").get(0);
    return registry.record(evaluate.id()).metrics().stream()
        .filter(m -> m.key().startsWith("gate."))
        .collect(Collectors.toMap(Metric::key, Metric::value));
  }

  private List<AliasChange> history() {
    return temp.get().aliasHistory("churn-model", "production");
  }

  @Test
  void withoutAChampionTheCandidateIsPromoted() {
    store(PredictTest.customers(300, 1));

    GateDecision d = gate();

    assertThat(d.promoted()).isTrue();
    assertThat(d.championVersion()).isNull();
    assertThat(temp.get().resolve("churn-model@production").version()).isEqualTo(1);
    assertThat(gateMetrics())
        .containsEntry("gate.promoted", 1.0)
        .doesNotContainKey("gate.champion");
    assertThat(history())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.reason())
                  .startsWith("gate: churn-model@1 accuracy 0.9")
                  .endsWith(", no production before it");
              assertThat(c.changedBy()).startsWith("gate, run ");
            });
    assertThat(d.report())
        .contains("champion: none")
        .contains("decision: churn-model@1 is production");
  }

  @Test
  void aBetterCandidateWinsAndAWorseOneLoses() {
    store(flipped(PredictTest.customers(300, 1)));
    gate(); // the first, bad model becomes production
    store(PredictTest.customers(300, 1));

    GateDecision win = gate();
    store(flipped(PredictTest.customers(300, 2)));
    GateDecision loss = gate();

    assertThat(win.promoted()).isTrue();
    assertThat(win.candidateValue()).isGreaterThan(win.championValue());
    assertThat(loss.promoted()).isFalse();
    assertThat(loss.championVersion()).isEqualTo(2);
    assertThat(temp.get().resolve("churn-model@production").version()).isEqualTo(2);
    assertThat(history()).extracting(AliasChange::toVersion).containsExactly(1, 2);
    assertThat(history().get(1).reason())
        .contains("churn-model@2 accuracy")
        .contains(" beats churn-model@1 ");
    assertThat(gateMetrics()).containsEntry("gate.promoted", 0.0).containsKey("gate.champion");
    assertThat(loss.report())
        .contains(
            "decision: churn-model@2 stays production (the challenger does not beat it by more than minGain)");
    assertThat(loss.mimeBundle().data().get("text/html"))
        .contains("<table")
        .contains("stays production");
  }

  @Test
  void aTieKeepsTheChampionAndMinGainRaisesTheBar() {
    store(PredictTest.customers(300, 1));
    gate();
    store(PredictTest.customers(300, 1)); // the same training: the same accuracy

    GateDecision tie = gate();

    assertThat(tie.candidateValue()).isEqualTo(tie.championValue());
    assertThat(tie.promoted()).isFalse();
    assertThat(temp.get().resolve("churn-model@production").version()).isEqualTo(1);

    store(PredictTest.customers(300, 3));
    session.stage("evaluate");
    GateDecision high = Gate.on("churn-model").minGain(0.5).in(session).evaluateOn(test, "churn");
    assertThat(high.promoted()).isFalse();
  }

  @Test
  void lowerIsBetterForErrors() {
    DoubleColumn x = DoubleColumn.create("x");
    DoubleColumn price = DoubleColumn.create("price");
    java.util.Random random = new java.util.Random(4);
    for (int i = 0; i < 200; i++) {
      double v = random.nextDouble();
      x.append(v);
      price.append(3 * v + 1);
    }
    Table houses = Table.create("houses", x, price);
    session.stage("train");
    Model<Regressor> rough =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 1, 1L)
            .train(Datasets.regression(houses, "price"));
    session.output("price-model", rough);
    session.finish();
    session.stage("evaluate");
    Gate.on("price-model").metric("rmse").lowerIsBetter().in(session).evaluateOn(houses, "price");
    session.finish();
    session.stage("train");
    Model<Regressor> fine =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 200, 1L)
            .train(Datasets.regression(houses, "price"));
    session.output("price-model", fine);
    session.finish();

    session.stage("evaluate");
    GateDecision d =
        Gate.on("price-model")
            .metric("rmse")
            .lowerIsBetter()
            .in(session)
            .evaluateOn(houses, "price");

    assertThat(d.candidateValue()).isLessThan(d.championValue());
    assertThat(d.promoted()).isTrue();
    assertThat(d.reason()).endsWith("(lower is better)");
    assertThat(temp.get().resolve("price-model@production").version()).isEqualTo(2);
  }

  @Test
  void anUnknownMetricNamesTheOnesThereAre() {
    store(PredictTest.customers(100, 1));
    session.stage("evaluate");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Gate.on("churn-model").metric("auc").in(session).evaluateOn(test, "churn"))
        .hasMessageStartingWith(
            "the gate's metric 'auc' is not one of this evaluation's: [accuracy, macroF1");
  }
}
