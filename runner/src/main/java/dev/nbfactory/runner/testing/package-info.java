/**
 * Stage notebooks under test: {@link dev.nbfactory.runner.testing.StageRunner} runs a notebook with
 * parameters through the headless runner, on a registry of the test's own, and {@link
 * dev.nbfactory.runner.testing.StageRun} answers what a test asks of it: how it ended, its cells'
 * outputs, its variables, and the metrics and artifacts it recorded.
 */
package dev.nbfactory.runner.testing;
