package dev.nbfactory.runner.schedule;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.RegistryLocation;

/**
 * Where an exported schedule's runs keep their artifacts, so a pod or a worker does not store them
 * in its own ephemeral {@code ~/.factory/objects}: an object store's URL ({@code
 * s3://bucket/prefix}), a PersistentVolumeClaim holding the folder store, or (Airflow) the folder
 * store's path, mounted alike on every worker.
 */
public record ExportedStore(Kind kind, String value) {
  public enum Kind {
    URL,
    PVC,
    FOLDER
  }

  /** Where a pod mounts a folder store's PersistentVolumeClaim. */
  static final String PVC_MOUNT = "/objects";

  public static ExportedStore url(String url) {
    return new ExportedStore(Kind.URL, url);
  }

  public static ExportedStore pvc(String claim) {
    return new ExportedStore(Kind.PVC, claim);
  }

  /** The value of {@code FACTORY_OBJECTS} in the exported run. */
  String objects() {
    return kind == Kind.PVC ? PVC_MOUNT : value;
  }

  /**
   * Refuses a registry a pod or a worker cannot reach: an embedded SQLite registry lives in a file
   * on this machine.
   */
  public static void refuseEmbedded(RegistryLocation location, String where) {
    if (location.isEmbedded()) {
      throw new InvalidInputException(
          "the registry "
              + location.display()
              + " is an embedded SQLite file on this machine, which "
              + where
              + " cannot reach: share the registry through PostgreSQL (FACTORY_REGISTRY="
              + "jdbc:postgresql://HOST/DB, see README 'Running on several machines'), promote the"
              + " schedule there, then export it");
    }
  }

  /**
   * The store a Kubernetes pod uses: the registry's object store URL, else the claim given; a
   * folder store without a claim is refused, since the pod's own disk would lose the artifacts.
   */
  public static ExportedStore forKubernetes(RegistryLocation location, String claim) {
    refuseEmbedded(location, "a Kubernetes pod");
    if (location.objectsUrl() != null) {
      if (claim != null) {
        throw new InvalidInputException(
            "--objects-pvc is for a folder store; this registry's objects are in "
                + location.objectsUrl()
                + ": leave --objects-pvc out");
      }
      return url(location.objectsUrl().toString());
    }
    if (claim == null || claim.isBlank()) {
      throw new InvalidInputException(
          "the registry's artifacts are in the folder "
              + location.objects()
              + ", which a pod cannot reach, and a pod's own disk vanishes with it: give"
              + " --objects-pvc NAME (a PersistentVolumeClaim holding that folder), or keep the"
              + " artifacts in S3 (FACTORY_OBJECTS=s3://bucket/prefix)");
    }
    return pvc(claim.strip());
  }

  /** The store an Airflow worker uses: the registry's, as this machine sees it. */
  public static ExportedStore forAirflow(RegistryLocation location) {
    refuseEmbedded(location, "an Airflow worker");
    return location.objectsUrl() != null
        ? url(location.objectsUrl().toString())
        : new ExportedStore(Kind.FOLDER, location.objects().toString());
  }
}
