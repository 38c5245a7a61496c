package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.magics.NotebookCode;
import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.runner.notebook.AtomicFiles;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import dev.nbfactory.runner.params.ParameterTranslator;
import dev.nbfactory.runner.params.ParameterValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory new NOTEBOOK --template NAME [-p NAME VALUE]...}: a stage from a template. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Make a notebook from a template (see 'factory templates list'): its parameters cell gets",
      "the -p values, in the types it declares; its %%stage is named after the notebook (or",
      "--stage); its metadata records the template's name and version."
    })
final class NewCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "The notebook to make.")
  private Path notebook;

  @Option(names = "--template", required = true, paramLabel = "NAME", description = "Template.")
  private String template;

  @Option(
      names = "--stage",
      paramLabel = "NAME",
      description = "The stage's name (default: the notebook's file name).")
  private String stage;

  @Option(
      names = {"-p", "--parameters"},
      arity = "2",
      paramLabel = "NAME VALUE",
      description = "A parameter's value, typed as 'factory run -p' types it.")
  private List<String> parameters = new ArrayList<>();

  @Option(names = "--force", description = "Replace an existing notebook.")
  private boolean force;

  NewCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path target = context.outputPath(notebook, "the new notebook");
    if (target.getFileName() == null || !target.getFileName().toString().endsWith(".ipynb")) {
      throw new InvalidInputException(notebook + ": a notebook's name ends with .ipynb");
    }
    if (Files.exists(target) && !force) {
      throw new InvalidInputException(notebook + " exists; give --force to replace it");
    }
    AtomicFiles.checkWritable(target, "the new notebook"); // a folder or an unwritable path
    Templates.Template t = Templates.of(context).get(template);
    NotebookDocument doc = t.read();
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i + 1 < parameters.size(); i += 2) {
      given.put(parameters.get(i), parameters.get(i + 1));
    }
    if (!given.isEmpty()) {
      Cell cell =
          doc.firstTagged("parameters")
              .orElseThrow(
                  () -> new InvalidInputException("template " + template + " has no parameters"));
      cell.setSource(withValues(cell.source(), given));
    }
    String file = target.getFileName().toString();
    String stageName = stage != null ? stage : file.substring(0, file.length() - 6);
    try {
      ArtifactNames.validateStage(stageName);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.getMessage() + (stage != null ? "" : " (from the file name): give --stage NAME"));
    }
    for (Cell cell : doc.cells()) {
      Optional<NotebookCode.Magic> magic =
          cell.isCode() ? NotebookCode.read(cell.source()).magic("stage") : Optional.empty();
      if (magic.isPresent()) {
        String source = cell.source();
        cell.setSource(
            source.substring(0, magic.get().start())
                + "%stage "
                + stageName
                + source.substring(magic.get().end()));
        break;
      }
    }
    ObjectNode meta = doc.metadata().putObject(Templates.METADATA);
    meta.put("name", t.name()).put("version", t.version());
    ObjectNode values = meta.putObject("parameters");
    given.forEach(values::put);
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      doc.save(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
    context
        .out()
        .println(
            "made "
                + notebook
                + " (stage '"
                + stageName
                + "') from template "
                + t.name()
                + " "
                + t.version());
    return 0;
  }

  /** The parameters cell with each given parameter's declaration rewritten in its declared type. */
  static String withValues(String source, Map<String, String> given) {
    Map<String, String> declared = new LinkedHashMap<>();
    for (ParameterCell.Declaration d : ParameterCell.parse(source).declarations()) {
      declared.put(d.name(), d.type());
    }
    String out = source;
    for (Map.Entry<String, String> e : given.entrySet()) {
      ParameterValues value = new ParameterValues().text(e.getKey(), e.getValue());
      String translated =
          ParameterTranslator.translate(value.values(), declared, true)
              .source()
              .lines()
              .filter(l -> !l.startsWith("//"))
              .findFirst()
              .orElseThrow();
      Pattern declaration =
          Pattern.compile("(?m)^[^\\n;=]*\\b" + Pattern.quote(e.getKey()) + "\\s*=[^;]*;");
      Matcher m = declaration.matcher(out);
      if (!m.find()) {
        throw new InvalidInputException(
            "cannot set " + e.getKey() + ": its declaration is not one 'TYPE NAME = VALUE;' line");
      }
      out = out.substring(0, m.start()) + translated + out.substring(m.end());
    }
    return out;
  }
}
