package dev.nbfactory.runner.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultTest {
  private static RunResult failed(String ename, String evalue, String... traceback) {
    return new RunResult(Outcome.FAILED, 2, 3, ename, evalue, List.of(traceback), 1.0);
  }

  @Test
  void theTracebackIsPlainTextAndNotARepeatOfTheError() {
    String message = "1 data check failed on t:\n- rowsAtLeast(1): 0 rows; expected at least 1";
    assertThat(
            failed(
                    "DataCheckException",
                    message,
                    "\u001b[1;31mDataCheckException\u001b[0m: " + message)
                .plainTraceback())
        .isEmpty();
    assertThat(
            failed(
                    "java.lang.IllegalStateException",
                    "broken",
                    "\u001b[1;31mjava.lang.IllegalStateException\u001b[0m: broken",
                    "\tat (Cell In[3], line 2)")
                .plainTraceback())
        .containsExactly("java.lang.IllegalStateException: broken", "\tat (Cell In[3], line 2)");
  }
}
