/** The factory magics, one class each, on a plain-Java interface the kernel adapts. */
package dev.nbfactory.magics.magic;
