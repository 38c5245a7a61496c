package dev.nbfactory.runner.schedule;

import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.SecretMarks;
import dev.nbfactory.registry.SecretReference;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The environment variables a schedule's secrets are read from, for an export to fill from the
 * platform's own secret store (a Kubernetes Secret, Airflow Variables). An export never writes a
 * secret's value: a schedule that kept one (promoted before promotion refused them) is refused.
 */
final class ExportedSecrets {
  private ExportedSecrets() {}

  /**
   * @param notebook the pinned notebook, whose parameters cell says which parameters are secret
   * @return the variables the secret parameters' references name, in parameter order
   */
  static Set<String> variables(Schedule s, byte[] notebook) {
    SecretMarks marks =
        ParameterCell.secretMarks(
            NotebookDocument.parse(notebook, s.notebookFile()).parametersSource());
    Set<String> variables = new LinkedHashSet<>();
    s.parameters()
        .forEach(
            (name, value) -> {
              if (!marks.isSecret(name)) {
                return;
              }
              SecretReference ref =
                  SecretReference.parse(value)
                      .orElseThrow(
                          () ->
                              new InvalidInputException(
                                  "schedule '"
                                      + s.name()
                                      + "' keeps a value for the secret "
                                      + name
                                      + ", and an export never writes one: promote it again"
                                      + " with -p "
                                      + name
                                      + " "
                                      + SecretReference.suggestedFor(name)));
              variables.add(ref.variable());
            });
    return variables;
  }
}
