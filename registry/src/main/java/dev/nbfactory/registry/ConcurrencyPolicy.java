package dev.nbfactory.registry;

/** What happens when a schedule fires while its previous run is still going (Kubernetes' names). */
public enum ConcurrencyPolicy {
  /** Runs may overlap. */
  ALLOW,
  /** The new firing is skipped while a run is going: runs never overlap. */
  FORBID,
  /** The running run is stopped (KILLED) and the new firing runs. */
  REPLACE;

  public static ConcurrencyPolicy parse(String text) {
    return Enums.parse(ConcurrencyPolicy.class, text, "concurrency policy");
  }
}
