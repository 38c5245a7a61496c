/**
 * What a notebook calls to become a factory stage: the {@code Factory} facade, the artifact codecs
 * for Tablesaw, Tribuo and XChart, and the factory magics. Depends on the registry only; knows
 * nothing of the Jupyter wire protocol.
 */
package dev.nbfactory.magics;
