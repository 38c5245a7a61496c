package dev.nbfactory.runner.params;

import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.SecretMarks;
import dev.nbfactory.registry.SecretReference;
import dev.nbfactory.registry.Secrets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's parameters, bound once: what the notebook's {@code parameters} cell declares (names,
 * types, defaults, and the names a leading {@code %%params --secret NAME} marks secret), what the
 * run is given, and the value each variable runs with. The injected cell, papermill's metadata, the
 * values handed to the kernel for secrets, what the registry records and what the up-to-date check
 * compares are all read from it.
 *
 * <p>A parameter is secret when the cell marks it so, or its name looks like one ({@link
 * Secrets#looksSecret}) and the cell does not mark it {@code --not-secret}; its value reaches the
 * cell through a system property, and is {@link Secrets#MASK} everywhere it is written down. A
 * secret's value may be a reference, {@code env:NAME} ({@link SecretReference}), read from the
 * environment when the binding is made: schedules, exports and child processes carry the reference.
 */
public final class ParameterBinding {
  private final List<ParameterCell.Declaration> declared;
  private final Map<String, String> types = new LinkedHashMap<>();
  private final SecretMarks marks;
  private final Map<String, Object> given;

  private ParameterBinding(
      String parametersCell, Map<String, Object> given, Map<String, String> env) {
    String cell = parametersCell == null ? "" : parametersCell;
    this.declared = ParameterCell.parse(cell).declarations();
    declared.forEach(d -> types.put(d.name(), d.type()));
    this.marks = ParameterCell.secretMarks(cell);
    Map<String, Object> values = new LinkedHashMap<>(given);
    values.replaceAll(
        (name, value) ->
            isSecret(name) && value instanceof String text
                ? SecretReference.parse(text).map(r -> (Object) r.resolve(name, env)).orElse(value)
                : value);
    this.given = Collections.unmodifiableMap(values);
  }

  /**
   * @param parametersCell the source of the notebook's {@code parameters} cell, or null
   * @param given the values the run is given, by name, as {@link ParameterValues} reads them
   * @param env where secret references ({@code env:NAME}) are read
   * @throws dev.nbfactory.registry.InvalidInputException for a reference to a variable not set
   */
  public static ParameterBinding of(
      String parametersCell, Map<String, Object> given, Map<String, String> env) {
    return new ParameterBinding(parametersCell, given, env);
  }

  public boolean isSecret(String name) {
    return marks.isSecret(name);
  }

  /** What the cell marks secret or not with {@code %%params --secret / --not-secret}. */
  public SecretMarks marks() {
    return marks;
  }

  /** The values given to the run, secret references read. */
  public Map<String, Object> given() {
    return given;
  }

  /** The injected cell for the given values; see {@link ParameterTranslator#translate}. */
  public ParameterTranslator.Translation injectedCell(boolean strict) {
    return ParameterTranslator.translate(given, types, strict, this::isSecret);
  }

  /** Each declaration's initializer as written (papermill's {@code default_parameters}), masked. */
  public Map<String, String> defaults() {
    Map<String, String> out = new LinkedHashMap<>();
    declared.forEach(
        d ->
            out.put(
                d.name(),
                isSecret(d.name()) ? Secrets.MASK : d.source() == null ? "" : d.source()));
    return out;
  }

  /** The system properties that hand the given secrets to the cell (see the injected cell). */
  public Map<String, String> secretProperties() {
    Map<String, String> out = new LinkedHashMap<>();
    given.forEach(
        (name, value) -> {
          if (isSecret(name) && value != null) {
            out.put(ParameterTranslator.SECRET_PROPERTY_PREFIX + name, value.toString());
          }
        });
    return out;
  }

  /**
   * The parameters as the registry records them and pipelines compare them (text): the declared
   * defaults (their values when literal, else their source), overridden by the given values in the
   * declared type, which is the value the cell runs with ({@code -p rate 1} into {@code double
   * rate} is {@code 1.0}); secrets read {@link Secrets#MASK}.
   */
  public Map<String, String> recorded() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ParameterCell.Declaration d : declared) {
      out.put(d.name(), d.value() == null ? null : String.valueOf(d.value()));
    }
    given.forEach(
        (name, value) -> {
          Object runs = ParameterTranslator.runValue(value, types.get(name));
          out.put(name, runs == null ? null : String.valueOf(runs));
        });
    Map<String, String> masked = new LinkedHashMap<>();
    out.forEach((name, value) -> masked.put(name, isSecret(name) ? Secrets.MASK : value));
    return masked;
  }
}
