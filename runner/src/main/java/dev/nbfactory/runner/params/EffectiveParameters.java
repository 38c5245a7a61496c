package dev.nbfactory.runner.params;

import dev.nbfactory.magics.ParameterCell;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters a headless run goes with, as the registry stores them (text): the defaults of the
 * notebook's parameters cell (their values when literal, else their source), overridden by the
 * injected values in the declared type (the value the cell runs with: {@code -p rate 1} into {@code
 * double rate} is {@code 1.0}). Runs record them this way and pipelines compare them this way, so
 * an unchanged stage is recognised.
 */
public final class EffectiveParameters {
  private EffectiveParameters() {}

  public static Map<String, String> of(String parametersCell, Map<String, Object> injected) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (ParameterCell.Declaration d :
        ParameterCell.parse(parametersCell == null ? "" : parametersCell).declarations()) {
      out.put(d.name(), d.value() == null ? null : String.valueOf(d.value()));
      types.put(d.name(), d.type());
    }
    injected.forEach(
        (name, given) -> {
          Object value = ParameterTranslator.runValue(given, types.get(name));
          out.put(name, value == null ? null : String.valueOf(value));
        });
    return out;
  }
}
