package dev.nbfactory.magics.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "customers-clean | customers-clean",
        "<script>alert(1)</script> | &lt;script&gt;alert(1)&lt;/script&gt;",
        "a & b | a &amp; b",
        "say \"hi\" it's | say &quot;hi&quot; it&#39;s",
        "]]> | ]]&gt;",
        "\uFFFE\uFFFF | \uFFFD\uFFFD",
        "日本語 😀 é | 日本語 😀 é",
      })
  void escapesWhatXmlWouldMisreadAndReplacesWhatItCannotHold(String text, String escaped) {
    assertThat(Xml.escape(text)).isEqualTo(escaped);
  }

  @Test
  void keepsTabsAndLineBreaksAndReplacesOtherControlCharacters() {
    assertThat(Xml.escape("tab\tand\nnew\r\nline")).isEqualTo("tab\tand\nnew\r\nline");
    assertThat(Xml.escape("bell\u0007 null\u0000 esc\u001b"))
        .isEqualTo("bell\uFFFD null\uFFFD esc\uFFFD");
    assertThat(Xml.escape(null)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"\uD800x, \uFFFDx", "x\uDC00, x\uFFFD"})
  void replacesLoneSurrogates(String text, String escaped) {
    assertThat(Xml.escape(text)).isEqualTo(escaped);
  }
}
