package dev.nbfactory.registry;

/** How a run was started. */
public enum RunKind {
  INTERACTIVE,
  HEADLESS,
  SCHEDULED,
  /** A pipeline's own run: its stages' runs name it as their parent. */
  PIPELINE,
  /** A model server's run: the versions it served (its inputs) and its live metrics. */
  SERVING;

  public static RunKind parse(String text) {
    return Enums.parse(RunKind.class, text, "run kind");
  }
}
