/**
 * The factory extension: installs the Factory facade, the factory magics and their renderers in a
 * kernel, and connects the notebook's Factory session to it (notebook path, failed cells,
 * shutdown). A real {@code org.dflib.jjava.jupyter.Extension}, so a stock JJava kernel loads it
 * too.
 */
package dev.nbfactory.kernel.factory;
