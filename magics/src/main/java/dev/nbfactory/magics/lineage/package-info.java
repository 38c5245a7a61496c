/**
 * Lineage pictures: a registry {@link dev.nbfactory.registry.Lineage} drawn as a standalone SVG,
 * laid out left to right (data flows from what was read to what was written) by ELK Layered, and
 * the same lineage as a plain-text tree for consoles. Knows nothing of kernels or magics.
 */
package dev.nbfactory.magics.lineage;
