package dev.nbfactory.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What is known when a run starts. Build with {@link #builder(String)}; environment fields left
 * unset are filled from {@link RunEnvironment#current()}.
 */
public record RunStart(
    String stage,
    RunKind kind,
    String notebookPath,
    String notebookHash,
    String description,
    String javaVersion,
    List<String> classpath,
    String gitCommit,
    String host,
    String user,
    String parentRunId,
    String schedule,
    Instant fireTime,
    Instant nominalTime,
    Instant startedAt) {

  public RunStart {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(kind, "kind");
    classpath = classpath == null ? List.of() : List.copyOf(classpath);
  }

  public static Builder builder(String stage) {
    return new Builder(stage);
  }

  /** Fluent builder; every field but the stage is optional. */
  public static final class Builder {
    private final String stage;
    private RunKind kind = RunKind.INTERACTIVE;
    private String notebookPath;
    private String notebookHash;
    private String description;
    private String javaVersion;
    private List<String> classpath = List.of();
    private String gitCommit;
    private String host;
    private String user;
    private String parentRunId;
    private String schedule;
    private Instant fireTime;
    private Instant nominalTime;
    private Instant startedAt;

    private Builder(String stage) {
      this.stage = stage;
    }

    public Builder kind(RunKind value) {
      this.kind = value;
      return this;
    }

    public Builder notebook(String path, String contentHash) {
      this.notebookPath = path;
      this.notebookHash = contentHash;
      return this;
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public Builder javaVersion(String value) {
      this.javaVersion = value;
      return this;
    }

    public Builder classpath(List<String> value) {
      this.classpath = value;
      return this;
    }

    public Builder gitCommit(String value) {
      this.gitCommit = value;
      return this;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder user(String value) {
      this.user = value;
      return this;
    }

    public Builder parentRun(String runId) {
      this.parentRunId = runId;
      return this;
    }

    /**
     * A run of schedule {@code name} that claims its firing at {@code fire}: one run per firing.
     */
    public Builder schedule(String name, Instant fire) {
      this.schedule = name;
      this.fireTime = fire;
      this.nominalTime = fire;
      return this;
    }

    /**
     * A later attempt of schedule {@code name}'s firing at {@code nominal}: due then, but the
     * firing is already claimed by its first attempt.
     */
    public Builder retry(String name, Instant nominal) {
      this.schedule = name;
      this.fireTime = null;
      this.nominalTime = nominal;
      return this;
    }

    public Builder startedAt(Instant value) {
      this.startedAt = value;
      return this;
    }

    public RunStart build() {
      RunEnvironment env = RunEnvironment.current();
      return new RunStart(
          stage,
          kind,
          notebookPath,
          notebookHash,
          description,
          javaVersion != null ? javaVersion : env.javaVersion(),
          classpath,
          gitCommit,
          host != null ? host : env.host(),
          user != null ? user : env.user(),
          parentRunId,
          schedule,
          fireTime,
          nominalTime,
          startedAt);
    }
  }
}
