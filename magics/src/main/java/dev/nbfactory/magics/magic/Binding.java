package dev.nbfactory.magics.magic;

import dev.nbfactory.registry.InvalidInputException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.lang.model.SourceVersion;

/**
 * What {@code %input NAME as VAR} returns: a value for the kernel to bind to a notebook variable.
 * The value is already loaded and its input edge recorded; the kernel must not load it again.
 *
 * <p>Contract with the kernel: evaluate {@link #javaSource()} in the notebook's JShell, as if the
 * user had typed it, e.g. {@code tech.tablesaw.api.Table customers = (tech.tablesaw.api.Table)
 * dev.nbfactory.magics.magic.Binding.take("customers");}. {@link #take} hands over the value that
 * {@link #stash} left for that variable (same JVM: JShell's local execution engine), once. A kernel
 * with another way to define variables may instead use {@link #variable()}, {@link #javaType()} and
 * {@link #value()} directly, and then need not evaluate anything.
 *
 * @param variable a Java identifier
 * @param javaType the declared type, fully qualified: {@code tech.tablesaw.api.Table}, {@code
 *     org.tribuo.Model<?>} or {@code java.nio.file.Path}
 * @param ref the exact version bound, such as {@code customers@3}
 */
public record Binding(String variable, String javaType, Object value, String ref) {
  private static final Map<String, Object> PENDING = new ConcurrentHashMap<>();

  public Binding {
    if (variable == null || !SourceVersion.isName(variable) || variable.contains(".")) {
      throw new InvalidInputException(
          "'" + variable + "' is not a Java variable name: use letters, digits and '_'");
    }
  }

  /** Leaves the value for {@link #take}; returns this binding. */
  public Binding stash() {
    PENDING.put(variable, value);
    return this;
  }

  /** The declaration the kernel evaluates to bind the variable. */
  public String javaSource() {
    return javaType
        + " "
        + variable
        + " = ("
        + javaType
        + ") dev.nbfactory.magics.magic.Binding.take(\""
        + variable
        + "\");";
  }

  /** The value {@link #stash} left for {@code variable}, handed over once. */
  public static Object take(String variable) {
    if (!PENDING.containsKey(variable)) {
      throw new IllegalStateException("no value is waiting for variable '" + variable + "'");
    }
    return PENDING.remove(variable);
  }

  @Override
  public String toString() {
    return variable + " = " + ref + " (" + javaType + ")";
  }
}
