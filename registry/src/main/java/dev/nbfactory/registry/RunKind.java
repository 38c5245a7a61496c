package dev.nbfactory.registry;

/** How a run was started. */
public enum RunKind {
  INTERACTIVE,
  HEADLESS,
  SCHEDULED;

  public static RunKind parse(String text) {
    return Enums.parse(RunKind.class, text, "run kind");
  }
}
