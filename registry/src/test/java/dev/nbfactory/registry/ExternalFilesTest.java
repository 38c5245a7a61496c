package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw files as versioned inputs: hashing, the fingerprint cache, recording, verify and gc. */
class ExternalFilesTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  @TempDir Path dir;

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Writes a file and sets its times in the past, so its hash may be cached. */
  private static Path old(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    Thread.sleep(2100); // past the racy window after the change time the line above set
    return file;
  }

  @Test
  void aFileIsVersionedByItsSha256UnderItsAbsoluteLocation() throws Exception {
    Path file = Files.writeString(dir.resolve("rows.csv"), "a,b\n1,2\n");
    ExternalContent content = temp.get().externalContent(file);

    assertThat(content.contentHash()).isEqualTo(sha256(Files.readAllBytes(file)));
    assertThat(content.size()).isEqualTo(8);
    assertThat(content.isFolder()).isFalse();
    assertThat(content.name()).isEqualTo("file:" + file.toAbsolutePath());
    assertThat(ArtifactNames.location(content.name())).isEqualTo(file.toAbsolutePath());
  }

  @Test
  void oneByteChangedWithTheSameSizeAndTheTimeStampSetBackIsSeen() throws Exception {
    Path file = old(dir.resolve("rows.csv"), "a,b\n1,2\n");
    FileTime stamp = Files.getLastModifiedTime(file);
    String before = temp.get().externalContent(file).contentHash();
    assertThat(temp.get().externalContent(file).contentHash()).isEqualTo(before); // cached

    Files.writeString(file, "a,b\n1,3\n"); // same size
    Files.setLastModifiedTime(file, stamp); // and the time stamp forged back
    assertThat(Files.size(file)).isEqualTo(8);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(stamp);

    String after = temp.get().externalContent(file).contentHash();
    assertThat(after).isNotEqualTo(before).isEqualTo(sha256(Files.readAllBytes(file)));
  }

  @Test
  void aFolderIsVersionedByItsManifestOfFilesSizesAndHashes() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("incoming"));
    Files.writeString(folder.resolve("b.csv"), "b\n");
    Files.createDirectories(folder.resolve("sub"));
    Files.writeString(folder.resolve("sub/a.csv"), "a\n");
    ExternalContent first = temp.get().externalContent(folder);

    assertThat(first.isFolder()).isTrue();
    assertThat(new String(first.manifest(), StandardCharsets.UTF_8))
        .isEqualTo(
            "b.csv\t2\t"
                + sha256("b\n".getBytes(StandardCharsets.UTF_8))
                + "\nsub/a.csv\t2\t"
                + sha256("a\n".getBytes(StandardCharsets.UTF_8))
                + "\n");
    assertThat(first.contentHash()).isEqualTo(sha256(first.manifest()));
    assertThat(first.size()).isEqualTo(4);

    Files.writeString(folder.resolve("c.csv"), "c\n");
    assertThat(temp.get().externalContent(folder).contentHash()).isNotEqualTo(first.contentHash());
  }

  @Test
  void aRecordedFileIsAnInputOfTheRunAndItsVersionsFollowItsContent() throws Exception {
    Registry registry = temp.get();
    Path file = Files.writeString(dir.resolve("rows.csv"), "a,b\n1,2\n");
    ExternalContent v1 = registry.externalContent(file);
    registry.store().put(file);
    Run run = registry.startRun(RunStart.builder("ingest").build());
    ArtifactVersion recorded = registry.logExternalInput(run.id(), spec(v1), true);

    assertThat(recorded.kind()).isEqualTo(ArtifactKind.EXTERNAL);
    assertThat(recorded.version()).isEqualTo(1);
    assertThat(recorded.producerRunId()).isNull();
    assertThat(registry.inputs(run.id()))
        .extracting(ArtifactVersion::ref)
        .containsExactly("file:" + file.toAbsolutePath() + "@1");
    assertThat(registry.resolve(v1.name()).contentHash()).isEqualTo(v1.contentHash());

    Files.writeString(file, "a,b\n1,2\n3,4\n");
    ExternalContent v2 = registry.externalContent(file);
    Run again = registry.startRun(RunStart.builder("ingest").build());
    assertThat(registry.logExternalInput(again.id(), spec(v2), false).version()).isEqualTo(2);
    assertThat(registry.verify().problems()).isEmpty();
  }

  @Test
  void aFileRecordedByHashOnlyIsNeitherMissingForVerifyNorKeptByGc() throws Exception {
    Registry registry = temp.get();
    Path file = Files.writeString(dir.resolve("big.bin"), "not copied");
    ExternalContent content = registry.externalContent(file);
    Run run = registry.startRun(RunStart.builder("ingest").build());
    registry.logExternalInput(run.id(), spec(content), false);

    assertThat(registry.store().contains(content.contentHash())).isFalse();
    assertThat(registry.verify().isOk()).isTrue();
    assertThat(registry.referencedHashes()).doesNotContain(content.contentHash());
    assertThatThrownBy(() -> registry.logExternalInput(run.id(), spec(content), true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not in the artifact store");
    registry.store().put(file);
    registry.logExternalInput(run.id(), spec(content), true);
    assertThat(registry.referencedHashes()).contains(content.contentHash());
    assertThat(registry.gc(Duration.ZERO, false).removed()).isEmpty();
  }

  @Test
  void aMissingFileIsNotFoundWithItsPath() {
    Path missing = dir.resolve("nope.csv");
    assertThatThrownBy(() -> temp.get().externalContent(missing))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("check the path");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"file:relative/x.csv", "file:/a/../x.csv", "file:/a/x@2.csv", "file:/a\u0000b"})
  void locationsThatCouldNotBeReadBackAsNamesAreRefused(String name) {
    assertThatThrownBy(() -> ArtifactNames.validate(name))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid external artifact");
  }

  @Test
  void onlyExternalArtifactsTakeFileNamesAndTheyTakeNoOther() {
    assertThatThrownBy(
            () ->
                new OutputSpec(
                    "file:/etc/passwd", ArtifactKind.DATASET, "00", 1, null, List.of(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("names a file outside the factory");
    assertThatThrownBy(
            () -> new OutputSpec("passwd", ArtifactKind.EXTERNAL, "00", 1, null, List.of(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("file:/ABSOLUTE/PATH");
  }

  private static OutputSpec spec(ExternalContent content) {
    return new OutputSpec(
        content.name(),
        ArtifactKind.EXTERNAL,
        content.contentHash(),
        content.size(),
        "text/csv",
        List.of(),
        null);
  }
}
