package dev.nbfactory.runner.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.runner.execute.RunContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule as Kubernetes objects, built with the fabric8 Kubernetes model so they are valid
 * {@code batch/v1} and {@code v1}: a ConfigMap holding the pinned notebook and a CronJob that
 * mounts it and runs {@code factory run} on it with the schedule's parameters and policies. The
 * run's artifacts go where the registry's are ({@link ExportedStore}): an object store named by the
 * ConfigMap {@value #OBJECTS_CONFIG} with credentials from the Secret {@value #S3_SECRET}, or a
 * PersistentVolumeClaim.
 */
public final class CronJobExport {
  /** The Secret holding the registry's URL, under key {@code url}. */
  static final String REGISTRY_SECRET = "notebook-factory-registry";

  /** The Secret holding the notebooks' secret parameters, each under its variable's name. */
  static final String PARAMETER_SECRETS = "notebook-factory-secrets";

  /**
   * The ConfigMap whose keys become the run's variables: {@code FACTORY_OBJECTS}, and any of {@code
   * AWS_ENDPOINT_URL}, {@code AWS_REGION}, {@code FACTORY_S3_PATH_STYLE} a team adds.
   */
  static final String OBJECTS_CONFIG = "notebook-factory-objects";

  /**
   * The optional Secret whose keys become the run's variables: {@code AWS_ACCESS_KEY_ID} and {@code
   * AWS_SECRET_ACCESS_KEY}, when the pod has no role of its own (IRSA, workload identity).
   */
  static final String S3_SECRET = "notebook-factory-s3";

  /** The image the repository's Dockerfile builds. */
  public static final String IMAGE = "notebook-factory:latest";

  /** Kubernetes' limit for a ConfigMap's data. */
  static final int CONFIG_MAP_LIMIT = 1_000_000;

  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(
                  JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY));

  private CronJobExport() {}

  /** The objects, for tests and tools; {@code objects} is null for a PersistentVolumeClaim. */
  public record Objects(ConfigMap notebook, ConfigMap objects, CronJob cronJob) {}

  public static Objects build(
      Schedule s, byte[] notebook, String image, String namespace, ExportedStore store) {
    if (s.pipeline() || s.metric() != null) {
      throw new InvalidInputException(
          "schedule '"
              + s.name()
              + (s.pipeline() ? "' runs a pipeline" : "' has a metric trigger")
              + ", which only 'factory scheduler' runs; a CronJob is exported for one notebook"
              + " on a cron");
    }
    if (s.cron() == null) {
      throw new InvalidInputException(
          "schedule '"
              + s.name()
              + "' fires on new artifact versions or files only; a CronJob needs a cron");
    }
    if (notebook.length > CONFIG_MAP_LIMIT) {
      throw new InvalidInputException(
          "the pinned notebook is "
              + notebook.length
              + " bytes, over a ConfigMap's 1 MB: bake it into the image instead");
    }
    String k8sName = s.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String cron = UnixCron.of(s.cron(), "a Kubernetes CronJob");
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "run",
            "/notebooks/" + s.notebookFile(),
            "/output/" + s.name() + ".ipynb",
            "--no-progress"));
    s.parameters().forEach((k, v) -> args.addAll(List.of("-p", k, v)));
    Map.Entry<String, String> contract =
        RunContract.scheduledElsewhere(s.name()).toEnvironment().entrySet().iterator().next();
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName(contract.getKey()).withValue(contract.getValue()).build());
    // The registry URL (with its password) and the notebook's secrets stay in Secrets, never in
    // the manifest: -p apiToken env:API_TOKEN reads the variable filled from key API_TOKEN.
    env.add(secretVariable("FACTORY_REGISTRY", REGISTRY_SECRET, "url"));
    for (String variable : ExportedSecrets.variables(s, notebook)) {
      env.add(secretVariable(variable, PARAMETER_SECRETS, variable));
    }
    if (store.kind() == ExportedStore.Kind.PVC) {
      env.add(new EnvVarBuilder().withName("FACTORY_OBJECTS").withValue(store.objects()).build());
    }
    Map<String, String> labels =
        Map.of("app.kubernetes.io/part-of", "notebook-factory", "nbfactory.dev/schedule", k8sName);
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(k8sName + "-notebook")
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .addToData(
                s.notebookFile(), new String(notebook, java.nio.charset.StandardCharsets.UTF_8))
            .build();
    ConfigMap objects =
        store.kind() == ExportedStore.Kind.PVC
            ? null
            : new ConfigMapBuilder()
                .withNewMetadata()
                .withName(OBJECTS_CONFIG)
                .withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/part-of", "notebook-factory"))
                .endMetadata()
                .addToData("FACTORY_OBJECTS", store.objects())
                .build();
    CronJob job =
        new CronJobBuilder()
            .withNewMetadata()
            .withName(k8sName)
            .withNamespace(namespace)
            .withLabels(labels)
            .addToAnnotations("nbfactory.dev/promoted-by", s.promotedBy())
            .addToAnnotations("nbfactory.dev/promoted-at", s.promotedAt().toString())
            .addToAnnotations("nbfactory.dev/notebook-object", s.notebookObject())
            .addToAnnotations("nbfactory.dev/misfire", misfireNote(s))
            .endMetadata()
            .withNewSpec()
            .withSchedule(cron)
            .withTimeZone(s.timeZone())
            .withConcurrencyPolicy(
                switch (s.concurrency()) {
                  case ALLOW -> "Allow";
                  case FORBID -> "Forbid";
                  case REPLACE -> "Replace";
                })
            .withStartingDeadlineSeconds(startingDeadline(s))
            .withSuspend(s.paused())
            .withSuccessfulJobsHistoryLimit(3)
            .withFailedJobsHistoryLimit(3)
            .withNewJobTemplate()
            .withNewSpec()
            .withBackoffLimit(s.retries())
            .withActiveDeadlineSeconds(s.timeout() == null ? null : s.timeout().toSeconds())
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("factory-run")
            .withImage(image)
            .withCommand("factory")
            .withArgs(args)
            .withEnv(env)
            .withEnvFrom(envFrom(store))
            .withNewResources()
            .addToRequests("cpu", new Quantity("500m"))
            .addToRequests("memory", new Quantity("1Gi"))
            .addToLimits("memory", new Quantity("2Gi"))
            .endResources()
            .addNewVolumeMount()
            .withName("notebook")
            .withMountPath("/notebooks")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("output")
            .withMountPath("/output")
            .endVolumeMount()
            .addAllToVolumeMounts(objectsMount(store))
            .endContainer()
            .addNewVolume()
            .withName("notebook")
            .withNewConfigMap()
            .withName(k8sName + "-notebook")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("output")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .addAllToVolumes(objectsVolume(store))
            .endSpec()
            .endTemplate()
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build();
    return new Objects(map, objects, job);
  }

  /** An object store's settings from the ConfigMap, and its credentials, if any, from a Secret. */
  private static List<EnvFromSource> envFrom(ExportedStore store) {
    if (store.kind() == ExportedStore.Kind.PVC) {
      return List.of();
    }
    return List.of(
        new EnvFromSourceBuilder().withNewConfigMapRef(OBJECTS_CONFIG, false).build(),
        new EnvFromSourceBuilder().withNewSecretRef(S3_SECRET, true).build());
  }

  private static List<VolumeMount> objectsMount(ExportedStore store) {
    return store.kind() != ExportedStore.Kind.PVC
        ? List.of()
        : List.of(
            new VolumeMountBuilder()
                .withName("objects")
                .withMountPath(ExportedStore.PVC_MOUNT)
                .build());
  }

  private static List<Volume> objectsVolume(ExportedStore store) {
    return store.kind() != ExportedStore.Kind.PVC
        ? List.of()
        : List.of(
            new VolumeBuilder()
                .withName("objects")
                .withNewPersistentVolumeClaim(store.value(), false)
                .build());
  }

  private static EnvVar secretVariable(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef(key, secret, false)
        .endValueFrom()
        .build();
  }

  /**
   * Kubernetes starts at most one missed run, and none when it is later than
   * startingDeadlineSeconds: skip gets a deadline of a minute; once and all get none (the newest
   * missed run starts).
   */
  static Long startingDeadline(Schedule s) {
    return switch (s.misfire()) {
      case SKIP -> 60L;
      case ONCE, ALL -> null;
    };
  }

  private static String misfireNote(Schedule s) {
    return switch (s.misfire()) {
      case SKIP -> "skip: startingDeadlineSeconds 60";
      case ONCE -> "once: no startingDeadlineSeconds, Kubernetes starts the newest missed run";
      case ALL -> "all: Kubernetes starts at most one missed run (the newest)";
    };
  }

  /** The YAML of both objects, as one multi-document file. */
  public static String yaml(
      Schedule s, byte[] notebook, String image, String namespace, ExportedStore store) {
    Objects o = build(s, notebook, image, namespace, store);
    try {
      return "# Notebook Factory schedule '"
          + s.name()
          + "', exported by 'factory export k8s-cronjob'.\n"
          + "# The registry URL comes from the Secret "
          + REGISTRY_SECRET
          + " (key url); secret parameters\n"
          + "# from the Secret "
          + PARAMETER_SECRETS
          + ", one key per variable their env: reference names.\n"
          + (o.objects() != null
              ? "# Artifacts go to FACTORY_OBJECTS of the ConfigMap "
                  + OBJECTS_CONFIG
                  + " (add AWS_ENDPOINT_URL, AWS_REGION\n"
                  + "# there for MinIO or Ceph); keys from the optional Secret "
                  + S3_SECRET
                  + "\n# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) unless the pod has a role.\n"
              : "# Artifacts go to the PersistentVolumeClaim "
                  + store.value()
                  + ", mounted at "
                  + ExportedStore.PVC_MOUNT
                  + ".\n")
          + "---\n"
          + YAML.writeValueAsString(o.notebook())
          + "---\n"
          + YAML.writeValueAsString(o.cronJob())
          + (o.objects() != null ? "---\n" + YAML.writeValueAsString(o.objects()) : "");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the CronJob as YAML", e);
    }
  }
}
