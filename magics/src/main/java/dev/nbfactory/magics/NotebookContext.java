package dev.nbfactory.magics;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the host of a notebook (the kernel extension, the headless runner, or a plain Java program)
 * tells the {@link FactorySession} about where it runs. Build with {@link #builder()}; every field
 * has a default, so {@code NotebookContext.builder().build()} is a plain-Java session on the
 * discovered registry.
 *
 * @param notebookPath the notebook file, or a supplier of null while it is unknown (asked each time
 *     a run opens, since a kernel learns it late)
 * @param kind interactive (a kernel), headless (the runner) or scheduled
 * @param classpath the coordinates the notebook added (the kernel's {@code %maven}), recorded on
 *     each run
 * @param parentRunId the pipeline run this run belongs to, or null
 * @param schedule the schedule that fired this run, or null
 * @param fireTime when the schedule's firing was due, or null
 * @param claimsFiring whether this run claims the firing (its first attempt) or follows one that
 *     did (a retry)
 * @param registry opens the registry on first use; by default {@link Registry#discover()}
 * @param ownsRegistry true when the session opened the registry and closes it with itself
 * @param warnings where warnings such as a changed input schema go; by default the current {@code
 *     System.err}
 */
public record NotebookContext(
    Supplier<Path> notebookPath,
    RunKind kind,
    Supplier<List<String>> classpath,
    String parentRunId,
    String schedule,
    Instant fireTime,
    boolean claimsFiring,
    Supplier<Registry> registry,
    boolean ownsRegistry,
    Consumer<String> warnings) {

  public NotebookContext {
    Objects.requireNonNull(notebookPath, "notebookPath");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(classpath, "classpath");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(warnings, "warnings");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this context's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.notebookPath = notebookPath;
    b.kind = kind;
    b.classpath = classpath;
    b.parentRunId = parentRunId;
    b.schedule = schedule;
    b.fireTime = fireTime;
    b.claimsFiring = claimsFiring;
    b.registry = registry;
    b.ownsRegistry = ownsRegistry;
    b.warnings = warnings;
    return b;
  }

  /** Fluent builder; see the record's fields for what each means. */
  public static final class Builder {
    private Supplier<Path> notebookPath = () -> null;
    private RunKind kind = RunKind.INTERACTIVE;
    private Supplier<List<String>> classpath = List::of;
    private String parentRunId;
    private String schedule;
    private boolean claimsFiring;
    private Instant fireTime;
    private Supplier<Registry> registry = Registry::discover;
    private boolean ownsRegistry = true;
    private Consumer<String> warnings = message -> System.err.println(message);

    private Builder() {}

    public Builder notebookPath(Path value) {
      this.notebookPath = () -> value;
      return this;
    }

    public Builder notebookPath(Supplier<Path> value) {
      this.notebookPath = Objects.requireNonNull(value);
      return this;
    }

    public Builder kind(RunKind value) {
      this.kind = Objects.requireNonNull(value);
      return this;
    }

    public Builder classpath(Supplier<List<String>> value) {
      this.classpath = Objects.requireNonNull(value);
      return this;
    }

    public Builder parentRun(String runId) {
      this.parentRunId = runId;
      return this;
    }

    /** A run that claims schedule {@code name}'s firing at {@code fire}: one run per firing. */
    public Builder schedule(String name, Instant fire) {
      this.schedule = name;
      this.fireTime = fire;
      this.claimsFiring = true;
      return this;
    }

    /** A later attempt of schedule {@code name}'s firing due at {@code due}, claimed before. */
    public Builder retry(String name, Instant due) {
      this.schedule = name;
      this.fireTime = due;
      this.claimsFiring = false;
      return this;
    }

    /** A registry the caller opened and closes itself; the session never closes it. */
    public Builder registry(Registry value) {
      Objects.requireNonNull(value);
      this.registry = () -> value;
      this.ownsRegistry = false;
      return this;
    }

    /** The registry at a folder or JDBC URL, opened on first use and closed with the session. */
    public Builder registryLocation(String location) {
      Objects.requireNonNull(location);
      this.registry = () -> Registry.open(location);
      this.ownsRegistry = true;
      return this;
    }

    public Builder warnings(Consumer<String> value) {
      this.warnings = Objects.requireNonNull(value);
      return this;
    }

    public NotebookContext build() {
      return new NotebookContext(
          notebookPath,
          kind,
          classpath,
          parentRunId,
          schedule,
          fireTime,
          claimsFiring,
          registry,
          ownsRegistry,
          warnings);
    }
  }
}
