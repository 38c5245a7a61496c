package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history file across kernel sessions, on real SQLite in a temporary folder. */
class HistoryStoreTest {
  @TempDir Path dir;

  private static List<String> cells(List<CellHistory.Entry> entries) {
    return entries.stream().map(e -> e.session() + ":" + e.line() + ":" + e.input()).toList();
  }

  /** Two sessions: 1 ran two cells and closed, 2 runs one. */
  private CellHistory twoSessions(Path file) {
    try (CellHistory first = new CellHistory(file)) {
      first.add(1, "int x = 1;", null);
      first.add(2, "x + 1", "2");
      assertThat(first.session()).isEqualTo(1);
    }
    CellHistory second = new CellHistory(file);
    second.add(1, "x * 10", "10");
    return second;
  }

  @Test
  void aNewSessionSeesTheCellsOfEarlierOnes() {
    try (CellHistory h = twoSessions(dir.resolve("sub/history.sqlite"))) {
      assertThat(h.session()).isEqualTo(2);
      assertThat(cells(h.tail(10))).containsExactly("1:1:int x = 1;", "1:2:x + 1", "2:1:x * 10");
      assertThat(cells(h.tail(2))).containsExactly("1:2:x + 1", "2:1:x * 10");
      assertThat(h.tail(1).get(0).output()).isEqualTo("10");
    }
  }

  @Test
  void rangeTakesSessionNumbersAndOffsetsFromThisOne() {
    try (CellHistory h = twoSessions(dir.resolve("h.sqlite"))) {
      assertThat(cells(h.range(0, 1, 0))).containsExactly("2:1:x * 10");
      assertThat(cells(h.range(-1, 1, 0))).containsExactly("1:1:int x = 1;", "1:2:x + 1");
      assertThat(cells(h.range(1, 2, 3))).containsExactly("1:2:x + 1");
      assertThat(h.range(1, 2, 3).get(0).output()).isEqualTo("2");
      assertThat(h.range(-5, 1, 0)).isEmpty();
    }
  }

  @Test
  void searchIsAGlobOverAllSessions() {
    try (CellHistory h = twoSessions(dir.resolve("h.sqlite"))) {
      assertThat(cells(h.search("x*", 0, false))).containsExactly("1:2:x + 1", "2:1:x * 10");
      assertThat(cells(h.search("x*", 1, false))).containsExactly("2:1:x * 10");
      assertThat(cells(h.search("int?x*", 0, false))).containsExactly("1:1:int x = 1;");
      h.add(2, "x + 1", "2");
      assertThat(cells(h.search("x + 1", 0, true))).containsExactly("2:2:x + 1");
      assertThat(cells(h.search("x + 1", 0, false))).containsExactly("1:2:x + 1", "2:2:x + 1");
    }
  }

  @Test
  void theFileHasIpythonsLayoutAndClosedSessionsAreEnded() throws Exception {
    Path file = dir.resolve("h.sqlite");
    twoSessions(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet r =
            c.createStatement()
                .executeQuery("SELECT session, num_cmds, end IS NOT NULL FROM sessions")) {
      assertThat(r.next()).isTrue();
      assertThat(List.of(r.getInt(1), r.getInt(2), r.getInt(3))).containsExactly(1, 2, 1);
      assertThat(r.next()).isTrue();
      assertThat(List.of(r.getInt(1), r.getInt(2), r.getInt(3))).containsExactly(2, 1, 1);
    }
  }

  @Test
  void aFileThatCannotBeOpenedLeavesTheHistoryInMemory() throws Exception {
    Path notAFolder = dir.resolve("plain-file");
    Files.writeString(notAFolder, "x");
    try (CellHistory h = new CellHistory(notAFolder.resolve("history.sqlite"))) {
      h.add(1, "1 + 1", "2");
      assertThat(cells(h.tail(5))).containsExactly("1:1:1 + 1");
      assertThat(h.session()).isEqualTo(CellHistory.SESSION);
    }
  }

  @Test
  void manyCellsInABurstAreAllKept() {
    Path file = dir.resolve("h.sqlite");
    try (CellHistory h = new CellHistory(file)) {
      for (int i = 1; i <= 500; i++) {
        h.add(i, "int v" + i + " = " + i + ";", null);
      }
    }
    try (CellHistory h = new CellHistory(file)) {
      assertThat(h.range(-1, 1, 0)).hasSize(500);
    }
  }
}
