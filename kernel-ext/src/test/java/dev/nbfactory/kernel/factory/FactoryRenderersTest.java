package dev.nbfactory.kernel.factory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.magics.helpers.CheckReport;
import dev.nbfactory.registry.CheckResult;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

class FactoryRenderersTest {
  @Test
  void aStageHelpersResultShowsAsItsTable() {
    Renderer renderer = new Renderer();
    FactoryExtension.registerRenderers(renderer);
    CheckReport report =
        new CheckReport(
            "wdbc",
            List.of(
                new CheckResult(
                    "rowsAtLeast(400)",
                    CheckResult.Severity.ERROR,
                    true,
                    "at least 400",
                    "569 rows")),
            null);

    DisplayData shown = renderer.render(report);

    assertThat((String) shown.getData(MIMEType.TEXT_HTML))
        .contains("<table")
        .contains("<td>rowsAtLeast(400)</td><td>passed</td><td>569 rows</td>");
    assertThat(shown.getData(MIMEType.TEXT_PLAIN)).isEqualTo(report.toString());
  }
}
