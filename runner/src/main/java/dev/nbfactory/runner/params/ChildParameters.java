package dev.nbfactory.runner.params;

import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.SecretMarks;
import dev.nbfactory.registry.SecretReference;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters handed to a child {@code factory run} (a pipeline's stage, a schedule's firing): on
 * its command line as {@code -p NAME VALUE}, except a secret's value, which goes in the child's
 * environment as {@code FACTORY_SECRET_n} and is named on the command line by reference ({@code -p
 * apiToken env:FACTORY_SECRET_1}). Anyone may read a command line ({@code ps}); only the owner
 * reads a process's environment. A value that is already a reference passes as it is.
 *
 * @param arguments the {@code -p} options, in the given order
 * @param environment the variables holding secret values, to add to the child's environment
 */
public record ChildParameters(List<String> arguments, Map<String, String> environment) {
  /** The prefix of the variables that carry secret values to a child. */
  public static final String SECRET_VARIABLE = "FACTORY_SECRET_";

  public ChildParameters {
    arguments = List.copyOf(arguments);
    environment = Map.copyOf(environment);
  }

  /**
   * @param values parameter values as {@code -p} text
   * @param marks which of them are secret (the child's notebook's {@link #marksOf})
   */
  public static ChildParameters of(Map<String, String> values, SecretMarks marks) {
    List<String> args = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          String passed = value;
          if (value != null && marks.isSecret(name) && !SecretReference.isReference(value)) {
            SecretReference ref = new SecretReference(SECRET_VARIABLE + (env.size() + 1));
            env.put(ref.variable(), value);
            passed = ref.toString();
          }
          args.addAll(java.util.Arrays.asList("-p", name, passed));
        });
    return new ChildParameters(args, env);
  }

  /** What the notebook's parameters cell marks secret or not. */
  public static SecretMarks marksOf(Path notebook) {
    return ParameterCell.secretMarks(NotebookDocument.read(notebook).parametersSource());
  }
}
