/**
 * The {@code factory} command line: one class a command, each reading the registry through {@link
 * dev.nbfactory.registry.Registry} and printing aligned text for people or {@code --json} for
 * tools. {@link dev.nbfactory.runner.cli.FactoryCli} is the entry point.
 */
package dev.nbfactory.runner.cli;
