/**
 * The work every stage repeats, as a small fluent API that works from a notebook, plain Java and
 * tests alike: a Tablesaw table as a Tribuo dataset ({@code Datasets}), scoring a table ({@link
 * Predict}), the champion/challenger gate ({@code Gate}), data checks recorded on the run ({@link
 * Expect}), drift between two tables ({@code Drift}) and reproducible splits ({@code Split}). Their
 * results show themselves in a notebook ({@code Displayable}).
 */
package dev.nbfactory.magics.helpers;
