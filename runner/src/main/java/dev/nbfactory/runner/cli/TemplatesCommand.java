package dev.nbfactory.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code factory templates list|show NAME}: the notebook templates {@code factory new} copies. */
@Command(
    name = "templates",
    mixinStandardHelpOptions = true,
    description = {
      "The notebook templates 'factory new' copies: $FACTORY_TEMPLATES (a team's folder),",
      "else templates/ of this checkout."
    },
    subcommands = {TemplatesCommand.ListTemplates.class, TemplatesCommand.Show.class})
final class TemplatesCommand implements Callable<Integer> {
  private final CliContext context;

  TemplatesCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.err().println("factory: say 'factory templates list' or 'factory templates show NAME'");
    return 2;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the templates.")
  static final class ListTemplates implements Callable<Integer> {
    private final CliContext context;

    ListTemplates(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Templates templates = Templates.of(context);
      TextTable table = TextTable.withHeaders("TEMPLATE", "VERSION", "WHAT");
      for (Templates.Template t : templates.all()) {
        table.add(t.name(), t.version(), t.description());
      }
      table.print(context.out());
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show what a template does and its parameters.")
  static final class Show implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "NAME", description = "The template.")
    private String name;

    Show(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Templates.Template t = Templates.of(context).get(name);
      context.out().println(t.name() + " " + t.version() + " (" + t.path() + ")");
      context.out().println();
      context.out().println(t.explanation().strip());
      context.out().println();
      context.out().println("parameters (override with factory new ... -p NAME VALUE):");
      t.parameters()
          .ifPresent(c -> c.source().strip().lines().forEach(l -> context.out().println("  " + l)));
      return 0;
    }
  }
}
