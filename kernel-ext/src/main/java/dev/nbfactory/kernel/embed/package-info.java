/**
 * The kernel inside another JVM's process: the headless runner executes a notebook with the very
 * kernel Jupyter talks to, over signed loopback sockets, without starting a second JVM.
 */
package dev.nbfactory.kernel.embed;
