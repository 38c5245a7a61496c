package dev.nbfactory.kernel.magic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.kernel.eval.JShellEvaluator.Completion;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.junit.jupiter.api.Test;

/** Magic names completed and explained where JShell would take them for Java. */
class MagicCompletionTest {
  private final MagicsRegistry registry = new MagicsRegistry();
  private final MagicHelp help = new MagicHelp(registry);

  MagicCompletionTest() {
    help.line("lineage", "%lineage [NAME[@V]] [--depth N]", "Draw where a version came from.");
    help.line("lsmagic", "list the magics");
    help.line("load", "run a file's code");
    help.cell("html", "show the cell's body as HTML");
    help.cell("time", "time the rest of the cell");
    registry.registerLineMagic("greet", (LineMagic<Void, BaseKernel>) (k, args) -> null);
  }

  /** The cell after the client takes each match. */
  private static List<String> taken(String code, Completion c) {
    return c.matches().stream()
        .map(m -> code.substring(0, c.start()) + m + code.substring(c.end()))
        .toList();
  }

  private List<String> complete(String code, int cursor) {
    return taken(code, MagicCompletion.complete(code, cursor, help).orElseThrow());
  }

  @Test
  void lineMagicsWhoseNamesStartWithWhatIsTyped() {
    assertThat(complete("%l", 2)).containsExactly("%lineage", "%load", "%lsmagic");
    assertThat(complete("%lin", 4)).containsExactly("%lineage");
    assertThat(complete("int a = 1;\n  %lin", 17)).containsExactly("int a = 1;\n  %lineage");
    assertThat(complete("var g = %lin", 12)).containsExactly("var g = %lineage");
  }

  @Test
  void cellMagicsOnlyAtTheCellsStart() {
    assertThat(complete("%%ht", 4)).containsExactly("%%html");
    assertThat(complete("\n%%t\nbody", 4)).containsExactly("\n%%time\nbody");
    assertThat(complete("int a;\n%%ht", 11)).isEmpty();
    // one percent sign at the start: line magics, then cell magics
    assertThat(complete("%t", 2)).containsExactly("%%time");
  }

  @Test
  void replacesTheWholeNameWhenTheCursorIsInsideIt() {
    assertThat(complete("%lsm x", 3)).containsExactly("%lsmagic x");
    assertThat(complete("%lin", 2)).containsExactly("%lineage", "%load", "%lsmagic");
  }

  @Test
  void aMagicOnlyRegisteredIsCompletedListedAndNamed() {
    assertThat(complete("%gr", 3)).containsExactly("%greet");
    assertThat(help.listing()).contains("%greet");
    assertThat(help.help("%greet")).startsWith("%greet\n");
  }

  @Test
  void javaIsLeftToJShell() {
    assertThat(MagicCompletion.complete("int r = a %b", 12, help)).isEmpty();
    assertThat(MagicCompletion.complete("Factory.ta", 10, help)).isEmpty();
    assertThat(MagicCompletion.complete("%lineage x\nFactory.ta", 21, help)).isEmpty();
  }

  @Test
  void helpIsTheUsageThenWhatItDoes() {
    assertThat(help.help("%lineage"))
        .isEqualTo("%lineage [NAME[@V]] [--depth N]\n\nDraw where a version came from.");
    assertThat(help.help("%%html")).isEqualTo("%%html\n\nshow the cell's body as HTML");
    assertThat(help.help("html")).startsWith("%%html");
    assertThat(help.help("%nosuch")).isNull();
  }

  @Test
  void inspectionOfAMagicNameIsItsHelp() {
    String lineage = help.help("%lineage");
    assertThat(MagicCompletion.inspect("%lineage", 8, help)).contains(lineage);
    assertThat(MagicCompletion.inspect("%lineage", 3, help)).contains(lineage);
    assertThat(MagicCompletion.inspect("%lineage  ", 10, help)).contains(lineage);
    assertThat(MagicCompletion.inspect("%%html\n<b>x</b>", 4, help)).contains(help.help("%%html"));
    assertThat(MagicCompletion.inspect("%lineage model", 14, help)).isEmpty();
    assertThat(MagicCompletion.inspect("Math.abs(", 9, help)).isEmpty();
  }
}
