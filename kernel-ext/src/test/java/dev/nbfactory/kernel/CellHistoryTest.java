package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellHistoryTest {
  private static CellHistory history() {
    CellHistory h = new CellHistory();
    h.add(1, "int x = 1;", null);
    h.add(2, "1 + 2", "3");
    h.add(3, "x", "1");
    h.add(4, "1 + 2", "3");
    return h;
  }

  private static List<Integer> lines(List<CellHistory.Entry> entries) {
    return entries.stream().map(CellHistory.Entry::line).toList();
  }

  @Test
  void tail() {
    assertThat(lines(history().tail(2))).containsExactly(3, 4);
    assertThat(lines(history().tail(0))).containsExactly(1, 2, 3, 4);
  }

  @Test
  void rangeIsStopExclusiveAndKnowsItsSession() {
    assertThat(lines(history().range(CellHistory.SESSION, 2, 3))).containsExactly(2);
    assertThat(lines(history().range(0, 3, 0))).containsExactly(3, 4);
    assertThat(history().range(7, 1, 5)).isEmpty();
  }

  @Test
  void searchIsAGlobOverTheWholeInput() {
    assertThat(lines(history().search("1?+?2", 0, false))).containsExactly(2, 4);
    assertThat(lines(history().search("1?+?2", 0, true))).containsExactly(4);
    assertThat(lines(history().search("*", 2, false))).containsExactly(3, 4);
    assertThat(lines(history().search("int*", 0, false))).containsExactly(1);
    assertThat(history().search("[xy]", 0, false)).hasSize(1);
    assertThat(history().search("x*(", 0, false)).isEmpty();
  }
}
