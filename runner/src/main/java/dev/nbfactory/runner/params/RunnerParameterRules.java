package dev.nbfactory.runner.params;

import dev.nbfactory.magics.schedule.ParameterRules;
import java.util.Set;

/**
 * The rules {@code factory run} injects parameters by, for promotion: declarations read by {@link
 * DeclaredParameters}, names checked by {@link ParameterTranslator#checkName}. Registered with
 * ServiceLoader so {@code %promote} in a kernel started by {@code factory kernel} uses them too.
 */
public final class RunnerParameterRules implements ParameterRules {
  @Override
  public Set<String> declared(String parametersCellSource) {
    return DeclaredParameters.parse(parametersCellSource).keySet();
  }

  @Override
  public void checkName(String name) {
    ParameterTranslator.checkName(name);
  }
}
