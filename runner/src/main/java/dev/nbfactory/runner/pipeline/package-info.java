/**
 * Pipelines of stage notebooks: the graph read from the notebooks themselves, checked (no cycles,
 * one producer an artifact), run in topological order with independent stages in parallel, each in
 * a child JVM, skipping stages that are up to date.
 */
package dev.nbfactory.runner.pipeline;
