package dev.nbfactory.magics.magic;

import java.util.Optional;

/**
 * How a magic reads a notebook variable's current value; the kernel gives one to {@link
 * FactoryMagics#all}. A kernel on JShell's local execution engine answers with the live object (the
 * variable's value in the shared JVM).
 */
@FunctionalInterface
public interface VariableLookup {
  /** A lookup for hosts that cannot read variables: {@code %output} then says to use Java. */
  VariableLookup NONE = name -> Optional.empty();

  /**
   * The value of the notebook variable {@code name}; empty when no such variable is defined (or its
   * value is null).
   */
  Optional<Object> value(String name);
}
