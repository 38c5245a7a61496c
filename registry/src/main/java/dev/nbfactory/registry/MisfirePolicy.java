package dev.nbfactory.registry;

/**
 * What a scheduler does with the firings it missed while it was down (or a schedule's notebook ran
 * long): Kubernetes' and Airflow's choices, named as people say them.
 */
public enum MisfirePolicy {
  /** Missed firings are dropped; the next one runs on time (Airflow {@code catchup=False}). */
  SKIP,
  /** The newest missed firing runs once, as soon as the scheduler is back. */
  ONCE,
  /** Every missed firing runs, oldest first, up to {@link Schedule#MAX_CATCH_UP}. */
  ALL;

  public static MisfirePolicy parse(String text) {
    return Enums.parse(MisfirePolicy.class, text, "misfire policy");
  }
}
