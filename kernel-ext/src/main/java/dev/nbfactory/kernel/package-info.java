/**
 * The Java Jupyter kernel: a JShell evaluator on jjava-jupyter, its protocol handlers, renderers,
 * and the extension that installs the factory magics. Knows nothing of schedules.
 */
package dev.nbfactory.kernel;
