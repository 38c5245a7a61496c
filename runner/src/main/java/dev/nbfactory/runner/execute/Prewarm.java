package dev.nbfactory.runner.execute;

import dev.nbfactory.kernel.KernelSpecInstaller;
import dev.nbfactory.magics.lineage.LineageSvg;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * Warms, on background threads while the kernel starts, what a notebook's code names and is slow
 * the first time: ELK for {@code %lineage} (a few hundred classes), Java2D for charts (fonts, the
 * rasterizer, the PNG writer) and Tablesaw's class-path scan. A run that names neither pays
 * nothing; the kernel warms ELK itself only for a person at a notebook.
 */
final class Prewarm {
  private Prewarm() {}

  static void forCode(String code) {
    // Not while a class-data archive is recorded: JDK 17 crashes dumping lambdas of signed jars.
    if (Boolean.getBoolean(KernelSpecInstaller.RECORDING_ARCHIVE_PROPERTY)) {
      return;
    }
    if (code.contains("%lineage") || code.contains("Factory.lineage")) {
      start("lineage", LineageSvg::warmUp);
    }
    if (code.contains("xchart") || code.contains("Chart")) {
      start("charts", Prewarm::drawAndEncode);
    }
    // Not with %maven: jars it adds are for Tablesaw's scan to find, and come later.
    if ((code.contains("tablesaw") || code.contains("Table")) && !code.contains("%maven")) {
      start("tables", Prewarm::tablesaw);
    }
  }

  /**
   * Tablesaw's {@code Table} scans the whole class path (ClassGraph, every jar) for its readers and
   * writers when the class is first used: about half a second with the factory's jars, here done
   * while JShell starts instead of in the first cell that makes a table.
   */
  private static void tablesaw() {
    try {
      Class.forName("tech.tablesaw.api.Table");
    } catch (ClassNotFoundException | LinkageError e) {
      // not on the class path, or broken: the cell that uses it says so
    }
  }

  private static void start(String what, Runnable warm) {
    Thread t = new Thread(warm, "prewarm-" + what);
    t.setDaemon(true);
    t.start();
  }

  /** What XChart does for a PNG: antialiased text on an image, then the PNG encoder. */
  private static void drawAndEncode() {
    BufferedImage image = new BufferedImage(64, 24, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString("warm", 2, 16);
      g.drawLine(0, 0, 63, 23);
    } finally {
      g.dispose();
    }
    try {
      ImageIO.write(image, "png", OutputStream.nullOutputStream());
    } catch (IOException e) {
      // nothing to write to: the warming is done either way
    }
  }
}
