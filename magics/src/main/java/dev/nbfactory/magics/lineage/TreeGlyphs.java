package dev.nbfactory.magics.lineage;

/** The characters a tree is drawn with: box drawing, or plain ASCII for old terminals. */
public record TreeGlyphs(String branch, String lastBranch, String pipe, String space, String more) {
  public static final TreeGlyphs UNICODE = new TreeGlyphs("├─ ", "└─ ", "│  ", "   ", "…");
  public static final TreeGlyphs ASCII = new TreeGlyphs("|- ", "`- ", "|  ", "   ", "...");
}
