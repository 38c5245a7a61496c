package dev.nbfactory.runner.params;

import dev.nbfactory.magics.ParameterCell;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a headless run goes with, as the registry stores them (text): the defaults of the
 * notebook's parameters cell (their values when literal, else their source), overridden by the
 * injected values. Runs record them this way and pipelines compare them this way, so an unchanged
 * stage is recognised.
 */
public final class EffectiveParameters {
  private EffectiveParameters() {}

  public static Map<String, String> of(String parametersCell, Map<String, Object> injected) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ParameterCell.Declaration d :
        ParameterCell.parse(parametersCell == null ? "" : parametersCell).declarations()) {
      out.put(d.name(), d.value() == null ? null : String.valueOf(d.value()));
    }
    injected.forEach((name, value) -> out.put(name, value == null ? null : String.valueOf(value)));
    return out;
  }
}
