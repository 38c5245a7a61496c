/**
 * Jupyter notebooks as files: nbformat 4 read with clear errors, edited as a JSON tree so that
 * everything a newer Jupyter wrote survives, and saved atomically.
 */
package dev.nbfactory.runner.notebook;
