package dev.nbfactory.magics.schedule;

import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.ServiceLoader;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * How promotion reads a notebook's parameters cell: which names it declares, and which names may be
 * parameters at all. The runner supplies the rules {@code factory run} injects by (registered with
 * {@link ServiceLoader}, and passed explicitly by the CLI); {@link #basic()} is the fallback where
 * the runner is not on the classpath.
 */
public interface ParameterRules {

  /** The names the parameters cell's source declares. */
  Set<String> declared(String parametersCellSource);

  /** Throws an {@link InvalidInputException}-family error naming the fix for a bad name. */
  void checkName(String name);

  /** The runner's rules when it is on the classpath, else {@link #basic()}. */
  static ParameterRules discover() {
    return ServiceLoader.load(ParameterRules.class, ParameterRules.class.getClassLoader())
        .findFirst()
        .orElseGet(ParameterRules::basic);
  }

  /** The parameters cell's declarations as {@link ParameterCell} reads them. */
  static ParameterRules basic() {
    return new ParameterRules() {
      @Override
      public Set<String> declared(String source) {
        Set<String> out = new LinkedHashSet<>();
        ParameterCell.parse(source).declarations().forEach(d -> out.add(d.name()));
        return out;
      }

      @Override
      public void checkName(String name) {
        if (name == null || !SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
          throw new InvalidInputException(
              "'"
                  + name
                  + "' cannot be a parameter name: it must be a Java identifier that is not a"
                  + " keyword, such as learning_rate");
        }
      }
    };
  }
}
