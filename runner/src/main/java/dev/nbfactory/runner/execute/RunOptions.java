package dev.nbfactory.runner.execute;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@link HeadlessRun} was asked to do, with papermill's meanings.
 *
 * @param output where the executed notebook goes; null to execute without writing one
 * @param parameters the values to inject, typed (see ParameterValues)
 * @param strict refuse parameters the notebook does not declare
 * @param executionTimeout the longest a cell may run; null for no limit
 * @param startTimeout how long the kernel may take to answer
 * @param logOutput copy cell outputs to the terminal as they come
 * @param progress show progress; null to decide by whether stderr is a terminal
 * @param reportMode hide the code of every cell in the output notebook
 * @param environment where secret references ({@code env:NAME}) are read
 */
record RunOptions(
    Path input,
    Path output,
    Map<String, Object> parameters,
    boolean strict,
    Duration executionTimeout,
    Duration startTimeout,
    boolean logOutput,
    Boolean progress,
    boolean reportMode,
    Map<String, String> environment) {

  /** How long an interrupted cell gets to stop before the run gives up on it. */
  public static final Duration INTERRUPT_GRACE = Duration.ofSeconds(10);
}
