/**
 * How each kind of notebook object becomes bytes in the artifact store and back: Tablesaw tables as
 * typed CSV, Tribuo models as Tribuo's protobuf (with their provenance as JSON), XChart charts as
 * PNG plus SVG, reports as Markdown or HTML.
 */
package dev.nbfactory.magics.codec;
