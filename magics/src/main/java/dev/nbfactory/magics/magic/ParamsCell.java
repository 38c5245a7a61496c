package dev.nbfactory.magics.magic;

import java.util.Map;

/**
 * What {@code %%params} returns: the cell's Java declarations for the kernel to evaluate, and the
 * parameters already recorded from them.
 *
 * <p>Contract with the kernel: evaluate {@link #javaSource()} exactly as an ordinary code cell (the
 * variables it declares become notebook variables), and treat a failure as that cell's failure. The
 * magic has already recorded {@link #recorded()} on the run; values that were not literals are
 * recorded as their source text. Display nothing, or {@link #toString()}.
 *
 * @param javaSource the cell body, unchanged
 * @param values the parsed values, name to value (see {@link dev.nbfactory.magics.ParameterCell})
 * @param recorded what the registry stored, name to text (secrets masked)
 */
public record ParamsCell(
    String javaSource, Map<String, Object> values, Map<String, String> recorded) {
  public ParamsCell {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    recorded = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(recorded));
  }

  @Override
  public String toString() {
    return "parameters " + recorded;
  }
}
