package dev.nbfactory.magics.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.magics.lineage.SvgDocument.SvgNode;
import dev.nbfactory.magics.magic.FactoryMagic;
import dev.nbfactory.magics.magic.LineageMagic;
import dev.nbfactory.magics.magic.MimeBundle;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineageMagicTest {
  @RegisterExtension final TempRegistry temp = new TempRegistry();

  private Registry registry;
  private LineagePipeline pipeline;

  @BeforeEach
  void record() {
    registry = temp.get();
    pipeline = LineagePipeline.record(registry);
  }

  @Test
  void drawsTheUpstreamOfANamedVersionWithTheTreeAsText() throws Exception {
    MimeBundle shown = run(magic(Optional.empty()), "weekly");

    assertThat(shown.data()).containsOnlyKeys("text/html", "image/svg+xml", "text/plain");
    assertThat(shown.data().get("text/html"))
        .as("the same drawing inline, for tools that strip image/svg+xml")
        .startsWith("<svg")
        .isEqualTo(shown.data().get("image/svg+xml").replaceFirst("^<\\?xml[^>]*\\?>\\s*", ""));
    SvgDocument svg = SvgDocument.parse(shown.data().get("image/svg+xml"));
    assertThat(svg.withClass("root"))
        .singleElement()
        .extracting(SvgNode::ref)
        .isEqualTo("weekly@1");
    assertThat(svg.withClass("version")).hasSize(6);
    assertThat(svg.withClass("run")).hasSize(4);
    assertThat(shown.data().get("text/plain"))
        .startsWith(LineageTree.versionLabel(registry.resolve("weekly")) + "\n")
        .contains("└─ report run " + registry.run(pipeline.report).shortId() + " (FAILED, ")
        .contains("raw-customers@1")
        .doesNotContain("goes on beyond");
  }

  @Test
  void followsTheDepthAndMarksWhatGoesOnBeyondIt() throws Exception {
    MimeBundle shown = run(magic(Optional.empty()), "weekly@1", "--depth", "1");
    MimeBundle zero = run(magic(Optional.empty()), "weekly", "--depth=0");

    SvgDocument svg = SvgDocument.parse(shown.data().get("image/svg+xml"));
    assertThat(svg.nodes)
        .extracting(SvgNode::ref)
        .containsExactlyInAnyOrder(
            "weekly@1", "churn-model@1", "roc@1", "auc@1", registry.run(pipeline.report).id());
    assertThat(shown.data().get("image/svg+xml")).contains("class=\"goes-on\"");
    assertThat(shown.data().get("text/plain")).endsWith("(… goes on beyond --depth 1)\n");
    assertThat(SvgDocument.parse(zero.data().get("image/svg+xml")).nodes)
        .extracting(SvgNode::ref)
        .containsExactly("weekly@1");
    assertThat(SvgDocument.parse(zero.data().get("image/svg+xml")).edges).isEmpty();
  }

  @Test
  void followsWhatWasMadeFromItDownstream() throws Exception {
    MimeBundle shown = run(magic(Optional.empty()), "--downstream", "customers");

    SvgDocument svg = SvgDocument.parse(shown.data().get("image/svg+xml"));
    assertThat(svg.nodes)
        .extracting(SvgNode::ref)
        .contains(
            "customers@1",
            registry.run(pipeline.train).id(),
            registry.run(pipeline.score).id(),
            "scores@1",
            "weekly@1")
        .doesNotContain("raw-customers@1");
    assertThat(shown.data().get("image/svg+xml")).contains("Downstream of customers@1");
    assertThat(shown.data().get("text/plain")).contains("score run ");
  }

  @Test
  void withoutANameShowsTheDefaultReference() throws Exception {
    MimeBundle shown = run(magic(Optional.of("scores")));

    assertThat(SvgDocument.parse(shown.data().get("image/svg+xml")).withClass("root"))
        .singleElement()
        .extracting(SvgNode::ref)
        .isEqualTo("scores@1");
  }

  @Test
  void withoutANameOrADefaultAsksForOne() {
    assertThatThrownBy(() -> run(magic(Optional.empty())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("name an artifact: %lineage NAME[@V]");
    assertThatThrownBy(() -> run(magic(Optional.empty()), "--depth", "2"))
        .hasMessage("name an artifact: %lineage NAME[@V]");
  }

  @Test
  void anUnknownArtifactIsTheRegistrysErrorWithItsSuggestions() {
    assertThatThrownBy(() -> run(magic(Optional.empty()), "customer"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'customer'")
        .hasMessageContaining("did you mean 'customers'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "weekly --frobnicate | unknown option '--frobnicate' for %lineage [NAME[@V]] [--depth N]"
            + " [--downstream]",
        "weekly -d 3 | unknown option '-d'",
        "weekly --depth | --depth needs a number: %lineage [NAME[@V]]",
        "weekly --depth x | --depth must be a whole number from 0 to 1000, not 'x'",
        "weekly --depth -1 | --depth must be a whole number from 0 to 1000, not '-1'",
        "weekly --depth=1001 | --depth must be a whole number from 0 to 1000, not '1001'",
        "weekly scores | %lineage shows one artifact, not 'weekly' and 'scores'",
        "weekly@ | invalid alias ''",
      })
  void refusesBadArgumentsWithAClearMessage(String args, String message) {
    assertThatThrownBy(() -> run(magic(Optional.of("scores")), args.split(" ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void describesItself() {
    FactoryMagic magic = magic(Optional.empty());

    assertThat(magic.name()).isEqualTo("lineage");
    assertThat(magic.isCell()).isFalse();
    assertThat(magic.usage()).isEqualTo("%lineage [NAME[@V]] [--depth N] [--downstream]");
    assertThat(magic.help()).contains("5 runs deep").contains("--downstream");
    assertThat(LineageMagic.DEFAULT_DEPTH).isEqualTo(5);
  }

  @Test
  void showsRunTimesInTheClocksZone() throws Exception {
    Clock paris = Clock.fixed(registry.run(pipeline.report).startedAt(), ZoneId.of("Europe/Paris"));
    Instant started = registry.run(pipeline.report).startedAt();

    MimeBundle shown =
        new LineageMagic(() -> registry, Optional::empty, paris).run(List.of("weekly"), null);

    assertThat(shown.data().get("image/svg+xml"))
        .contains(Texts.minute(started, ZoneId.of("Europe/Paris")))
        .containsPattern("\\d\\d:\\d\\d CES?T");
  }

  private LineageMagic magic(Optional<String> defaultRef) {
    return new LineageMagic(() -> registry, () -> defaultRef);
  }

  private static MimeBundle run(LineageMagic magic, String... args) {
    return magic.run(Arrays.asList(args), null);
  }
}
