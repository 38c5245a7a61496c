/**
 * Libraries' {@code java.util.logging} in a kernel: warnings in the running cell, the rest in the
 * kernel's own log, and {@code %log} to show more in cells.
 */
package dev.nbfactory.kernel.log;
