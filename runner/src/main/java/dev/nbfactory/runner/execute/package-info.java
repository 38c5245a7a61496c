/**
 * Headless execution, papermill's way: parameters injected after the {@code parameters} cell, every
 * cell run by the embedded kernel, outputs and papermill metadata written into an output notebook
 * that is saved atomically as the run goes, and an exit code that says how it ended.
 */
package dev.nbfactory.runner.execute;
