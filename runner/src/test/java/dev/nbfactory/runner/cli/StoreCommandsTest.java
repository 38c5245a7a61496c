package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.StoredObject;
import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code factory verify} and {@code factory gc}: the artifact store's upkeep. */
class StoreCommandsTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  @BeforeEach
  void record() {
    new SampleFactory(temp.get());
  }

  @Test
  void verifyCountsIntactObjects() {
    Cli.Result result = Cli.in(temp, "verify");
    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).containsExactly("5 objects verified, ok");
  }

  @Test
  void verifyListsEachProblemAndFails() throws Exception {
    ArtifactVersion damaged = temp.get().resolve("features@1");
    ArtifactVersion missing = temp.get().resolve("report@1");
    Files.writeString(
        FolderArtifactStore.of(temp.get().store()).objectPath(damaged.contentHash()), "tampered");
    Files.delete(FolderArtifactStore.of(temp.get().store()).objectPath(missing.contentHash()));

    Cli.Result result = Cli.in(temp, "verify");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.outLines()).hasSize(2);
    assertThat(result.out())
        .contains("object " + damaged.contentHash() + " is damaged")
        .contains("object " + missing.contentHash() + " is missing");
    assertThat(result.errLines()).containsExactly("factory: 2 problems in " + temp.folder());
  }

  @Test
  void gcRemovesOnlyOldUnreferencedObjects() {
    StoredObject orphan =
        temp.get().store().put(SampleFactory.bytes("nobody points at these bytes"));
    StoredObject fresh = temp.get().store().put(SampleFactory.bytes("stored a moment ago"));
    temp.get().store().touch(orphan.hash(), Instant.now().minus(Duration.ofDays(2)));

    Cli.Result dryRun = Cli.in(temp, "gc", "--dry-run");
    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.outLines())
        .containsExactly("would remove 1 object, freeing " + orphan.size() + " B (6 kept)");
    assertThat(temp.get().store().contains(orphan.hash())).isTrue();

    Cli.Result gc = Cli.in(temp, "gc");
    assertThat(gc.outLines())
        .containsExactly("removed 1 object, freed " + orphan.size() + " B (6 kept)");
    assertThat(temp.get().store().contains(orphan.hash())).isFalse();
    assertThat(temp.get().store().contains(fresh.hash())).isTrue();

    Cli.Result noGrace = Cli.in(temp, "gc", "--grace", "0s");
    assertThat(noGrace.outLines())
        .containsExactly("removed 1 object, freed " + fresh.size() + " B (5 kept)");
    assertThat(Cli.in(temp, "verify").exitCode()).isZero();
  }

  @Test
  void aBadGraceIsAUsageError() {
    Cli.Result result = Cli.in(temp, "gc", "--grace", "soon");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines()).singleElement().asString().contains("invalid duration 'soon'");
  }
}
