package dev.nbfactory.runner.cli;

/**
 * The characters trees and changes are drawn with: box drawing, or plain ASCII for old terminals.
 */
record Glyphs(String branch, String lastBranch, String pipe, String space, String arrow) {
  static final Glyphs UNICODE = new Glyphs("├─ ", "└─ ", "│  ", "   ", "→");
  static final Glyphs ASCII = new Glyphs("|- ", "`- ", "|  ", "   ", "->");
}
