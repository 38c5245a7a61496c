package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileGlobTest {
  @TempDir Path dir;

  @Test
  void aRelativeGlobIsMadeAbsoluteAndMatchesTheFilesThere() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/a.csv"), "x");
    Files.writeString(dir.resolve("in/b.txt"), "x");

    String glob = FileGlob.absolute("in/*.csv", dir);

    assertThat(glob).isEqualTo(dir.resolve("in/*.csv").toString());
    assertThat(FileGlob.matches(glob)).containsExactly(dir.resolve("in/a.csv"));
  }

  /** Found by the command-line fuzz test: these were an unexpected PatternSyntaxException. */
  @Test
  void aGlobJavaCannotReadIsRefusedNamingIt() {
    for (String bad : new String[] {"[", "{a,{b}", "a\0b"}) {
      assertThatThrownBy(() -> FileGlob.absolute(bad, dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(" is not a glob: ")
          .hasMessageEndingWith("; use Java's glob syntax, such as data/incoming/*.csv");
    }
  }
}
