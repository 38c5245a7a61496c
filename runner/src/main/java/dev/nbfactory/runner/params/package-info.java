/**
 * Parameters for headless runs, papermill's way: values from the command line and YAML, typed, and
 * translated into Java declarations for the cell tagged {@code injected-parameters}.
 */
package dev.nbfactory.runner.params;
