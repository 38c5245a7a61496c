package dev.nbfactory.runner.params;

import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.magics.schedule.ParameterRules;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The rules {@code factory run} injects parameters by, for promotion: declarations read by {@link
 * ParameterCell}, names checked by {@link ParameterTranslator#checkName}. Registered with
 * ServiceLoader so {@code %promote} in a kernel started by {@code factory kernel} uses them too.
 */
public final class RunnerParameterRules implements ParameterRules {
  @Override
  public Set<String> declared(String parametersCellSource) {
    Set<String> names = new LinkedHashSet<>();
    ParameterCell.parse(parametersCellSource).declarations().forEach(d -> names.add(d.name()));
    return names;
  }

  @Override
  public void checkName(String name) {
    ParameterTranslator.checkName(name);
  }
}
