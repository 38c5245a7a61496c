package dev.nbfactory.runner.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DemoFactoryTest {
  static final Path DATA = Path.of("..", "data", "breast_cancer_wisconsin.csv");

  @RegisterExtension TempRegistry temp = new TempRegistry();

  @Test
  void theDemoRecordsTwoStagesWithLineageAndIsUpToDateTheSecondTime() throws Exception {
    Registry registry = temp.get();
    List<DemoFactory.StageOutcome> first = new DemoFactory(registry).run(DATA);

    assertThat(first).extracting(DemoFactory.StageOutcome::upToDate).containsExactly(false, false);
    Run ingest = first.get(0).run();
    assertThat(ingest.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(ingest.kind()).isEqualTo(RunKind.HEADLESS);
    assertThat(registry.metrics(ingest.id()))
        .extracting(Metric::key, Metric::value)
        .contains(
            org.assertj.core.groups.Tuple.tuple("rows_in", 569.0),
            org.assertj.core.groups.Tuple.tuple("rows_out", 569.0),
            org.assertj.core.groups.Tuple.tuple("columns", 31.0),
            org.assertj.core.groups.Tuple.tuple("missing_cells", 0.0));
    ArtifactVersion clean = registry.resolve(DemoFactory.CLEAN);
    assertThat(clean.schema()).hasSize(31);
    assertThat(clean.schema().get(30).name()).isEqualTo("diagnosis");
    String report =
        new String(
            registry.store().read(registry.resolve(DemoFactory.PROFILE).contentHash()),
            StandardCharsets.UTF_8);
    assertThat(report).contains("| mean_radius |").contains("malignant").contains("569 rows");

    Lineage lineage = registry.upstream(DemoFactory.PROFILE, 10);
    assertThat(lineage.versions())
        .extracting(ArtifactVersion::name)
        .containsExactlyInAnyOrder(DemoFactory.RAW, DemoFactory.CLEAN, DemoFactory.PROFILE);
    assertThat(lineage.runs()).extracting(Run::stage).containsExactly("ingest", "profile");
    assertThat(registry.resolve(DemoFactory.RAW).contentHash())
        .isEqualTo(sha256(Files.readAllBytes(DATA)));

    List<DemoFactory.StageOutcome> second = new DemoFactory(temp.reopen()).run(DATA);
    assertThat(second).extracting(DemoFactory.StageOutcome::upToDate).containsExactly(true, true);
    assertThat(temp.get().runs(RunQuery.all())).hasSize(2);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
