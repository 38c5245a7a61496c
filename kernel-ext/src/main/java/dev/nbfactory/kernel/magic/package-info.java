/**
 * The kernel's own magics: IJava's {@code %jars}, {@code %classpath}, {@code %load} and {@code
 * %time}, display cell magics ({@code %%html}, {@code %%markdown}, {@code %%svg}...) and {@code
 * %lsmagic}. Line and cell magics are jjava-jupyter {@code LineMagic} / {@code CellMagic}
 * functions; {@code %load} and {@code %time} rewrite the cell before it runs.
 */
package dev.nbfactory.kernel.magic;
