package dev.nbfactory.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * The lineage registry: runs of stages, the artifact versions they read and wrote, their parameters
 * and metrics, and the bytes in a content-addressed store. Thread-safe; each write method is one
 * short transaction, and {@link #write} groups many into one.
 */
public final class Registry implements RegistryWriter, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Registry.class.getName());

  private final RegistryLocation location;
  private final Database database;
  private final ArtifactStore store;
  private final Clock clock;
  private final List<Integer> appliedMigrations;
  private final RunListeners listeners = new RunListeners();
  private final Schedules schedules;
  private final ExternalFiles externalFiles;
  private final Predictions predictions;
  private final RegistryQueries queries;
  private final Experiments experiments;

  private Registry(
      RegistryLocation location, Database database, Clock clock, List<Integer> applied) {
    this.location = location;
    this.database = database;
    this.store = ArtifactStores.open(location, System.getenv());
    this.clock = clock;
    this.appliedMigrations = applied;
    this.schedules = new Schedules(database, clock);
    this.externalFiles = new ExternalFiles(database, RunEnvironment.current().host());
    this.predictions = new Predictions(database, store, clock);
    this.queries = new RegistryQueries(database);
    this.experiments = new Experiments(database, clock);
  }

  /** Opens (and creates or migrates, if needed) the registry at a folder or JDBC URL. */
  public static Registry open(String location) {
    return open(RegistryLocation.parse(location, System.getenv()), Clock.systemUTC());
  }

  /** Opens the registry this process should use: see {@link RegistryLocation#discover}. */
  public static Registry discover() {
    return open(
        RegistryLocation.discover(Path.of("").toAbsolutePath(), System.getenv()),
        Clock.systemUTC());
  }

  public static Registry open(RegistryLocation location, Clock clock) {
    if (location.folder() != null) {
      try {
        PrivateFiles.createFolders(location.folder(), true);
        // made by us, owner-only, before SQLite would make it with the umask
        Optional<Path> database = location.databaseFile();
        if (database.isPresent()) {
          PrivateFiles.createFile(database.get());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the registry folder " + location.folder(), e);
      }
    }
    Database database = Database.connect(location.jdbcUrl(), new Properties());
    try {
      List<Integer> applied = Migrations.migrate(database);
      if (!applied.isEmpty()) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "registry {0}: applied schema migrations {1}",
            location.display(),
            applied);
      }
      Registry registry = new Registry(location, database, clock, applied);
      Path cwd = Path.of("").toAbsolutePath();
      for (RunListener.Source source : ServiceLoader.load(RunListener.Source.class)) {
        source.fromEnvironment(System.getenv(), cwd).ifPresent(registry::addListener);
      }
      return registry;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public RegistryLocation location() {
    return location;
  }

  public ArtifactStore store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  /** The promoted notebooks and what schedulers record about firing them. */
  public Schedules schedules() {
    return schedules;
  }

  /** The prediction log's outcomes and reads; a {@link PredictionLog} writes its rows. */
  public Predictions predictions() {
    return predictions;
  }

  /** Reads for browsing: a page of runs' columns, comparisons, search by name. */
  public RegistryQueries queries() {
    return queries;
  }

  /** The experiments: grids of parameter sets run over a pipeline, and their members. */
  public Experiments experiments() {
    return experiments;
  }

  /** Schema versions this open applied: empty unless this process created or upgraded it. */
  public List<Integer> appliedMigrations() {
    return appliedMigrations;
  }

  public void addListener(RunListener listener) {
    listeners.add(listener);
  }

  // ---- writes

  /**
   * Runs {@code work} in one write transaction: all its calls commit together or not at all. The
   * work may run again if the database was busy, so it must only touch the writer it is given.
   */
  public <T> T write(Function<RegistryWriter, T> work) {
    List<String> started = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    T result =
        database.write(
            connection -> {
              started.clear();
              finished.clear();
              return work.apply(
                  new TrackingWriter(new SqlWriter(connection, clock), store, started, finished));
            });
    listeners.notify(started, finished, this::record);
    return result;
  }

  @Override
  public Run startRun(RunStart start) {
    return write(w -> w.startRun(start));
  }

  @Override
  public boolean heartbeat(String runId) {
    return write(w -> w.heartbeat(runId));
  }

  @Override
  public Run finishRun(String runId, RunStatus status, String error) {
    return write(w -> w.finishRun(runId, status, error));
  }

  @Override
  public void logParameters(String runId, Map<String, ?> values, SecretMarks marks) {
    write(
        w -> {
          w.logParameters(runId, values, marks);
          return null;
        });
  }

  /** Records parameters; those in {@code secretNames} or named like a secret are masked first. */
  public void logParameters(String runId, Map<String, ?> values, Collection<String> secretNames) {
    logParameters(runId, values, SecretMarks.secret(secretNames));
  }

  @Override
  public ArtifactVersion logInput(String runId, String ref) {
    return write(w -> w.logInput(runId, ref));
  }

  @Override
  public ArtifactVersion logOutput(String runId, OutputSpec output) {
    return write(w -> w.logOutput(runId, output));
  }

  @Override
  public ArtifactVersion logExternalInput(String runId, OutputSpec file, boolean stored) {
    return write(w -> w.logExternalInput(runId, file, stored));
  }

  /**
   * The content of an external file or folder as the registry versions it: its SHA-256 (a folder's
   * is that of its {@link ExternalContent#manifest manifest}), taken from this host's fingerprint
   * cache when the file system shows the file unchanged since it was hashed.
   */
  public ExternalContent externalContent(Path location) {
    return externalFiles.content(location);
  }

  /** Stores a file's bytes, then records them as a version the run wrote. */
  public ArtifactVersion putOutput(
      String runId, String name, ArtifactKind kind, String mediaType, Path file) {
    ArtifactNames.validate(name);
    StoredObject object = store.put(file);
    return logOutput(runId, OutputSpec.of(name, kind, object, mediaType));
  }

  /** Stores bytes, then records them as a version the run wrote. */
  public ArtifactVersion putOutput(
      String runId, String name, ArtifactKind kind, String mediaType, byte[] bytes) {
    ArtifactNames.validate(name);
    StoredObject object = store.put(bytes);
    return logOutput(runId, OutputSpec.of(name, kind, object, mediaType));
  }

  @Override
  public void logMetric(String runId, String key, double value, long step) {
    write(
        w -> {
          w.logMetric(runId, key, value, step);
          return null;
        });
  }

  @Override
  public void logMetrics(String runId, Map<String, ? extends Number> values, long step) {
    write(
        w -> {
          w.logMetrics(runId, values, step);
          return null;
        });
  }

  @Override
  public void logChecks(String runId, List<CheckResult> checks) {
    write(
        w -> {
          w.logChecks(runId, checks);
          return null;
        });
  }

  @Override
  public void setRunTag(String runId, String key, String value) {
    write(
        w -> {
          w.setRunTag(runId, key, value);
          return null;
        });
  }

  @Override
  public void setVersionTag(String ref, String key, String value) {
    write(
        w -> {
          w.setVersionTag(ref, key, value);
          return null;
        });
  }

  /** As {@link #setAlias(String, String, String, String)} without a reason. */
  public AliasChange setAlias(String versionRef, String alias, String changedBy) {
    return setAlias(versionRef, alias, changedBy, null);
  }

  @Override
  public AliasChange setAlias(String versionRef, String alias, String changedBy, String reason) {
    return write(w -> w.setAlias(versionRef, alias, changedBy, reason));
  }

  /** As {@link #removeAlias(String, String, String, String)} without a reason. */
  public AliasChange removeAlias(String artifact, String alias, String changedBy) {
    return removeAlias(artifact, alias, changedBy, null);
  }

  @Override
  public AliasChange removeAlias(String artifact, String alias, String changedBy, String reason) {
    return write(w -> w.removeAlias(artifact, alias, changedBy, reason));
  }

  @Override
  public List<Run> markLost(Duration timeout) {
    return write(w -> w.markLost(timeout));
  }

  // ---- reads

  /** A run by its id or an unambiguous prefix of it (4+ hex digits). */
  public Run run(String idOrPrefix) {
    return read(c -> SqlReader.run(c, idOrPrefix));
  }

  public List<Run> runs(RunQuery query) {
    return read(c -> SqlReader.runs(c, query));
  }

  /** How many runs match {@code query}, whatever its limit and offset: for a pager. */
  public long countRuns(RunQuery query) {
    return read(c -> RunQuerySql.count(c, query));
  }

  /** Runs of one stage, newest first. */
  public List<Run> stageHistory(String stage) {
    return runs(RunQuery.all().withStage(stage));
  }

  public List<Stage> stages() {
    return read(SqlReader::stages);
  }

  /** Everything recorded about one run. */
  public RunRecord record(String runIdOrPrefix) {
    return read(
        c -> {
          Run run = SqlReader.run(c, runIdOrPrefix);
          return new RunRecord(
              run,
              SqlReader.parameters(c, run.id()),
              SqlReader.inputs(c, run.id()),
              SqlReader.outputs(c, run.id()),
              SqlReader.metrics(c, run.id()),
              CheckSql.checks(c, run.id()),
              SqlReader.runTags(c, run.id()),
              run.parentRunId() == null ? null : SqlReader.run(c, run.parentRunId()));
        });
  }

  public List<Parameter> parameters(String runId) {
    return read(c -> SqlReader.parameters(c, runId));
  }

  public List<Metric> metrics(String runId) {
    return read(c -> SqlReader.metrics(c, runId));
  }

  /** The data checks the run recorded, in the order it recorded them. */
  public List<CheckResult> checks(String runId) {
    return read(c -> CheckSql.checks(c, runId));
  }

  public List<ArtifactVersion> inputs(String runId) {
    return read(c -> SqlReader.inputs(c, runId));
  }

  public List<ArtifactVersion> outputs(String runId) {
    return read(c -> SqlReader.outputs(c, runId));
  }

  public List<Artifact> artifacts(ArtifactKind kind) {
    return read(c -> SqlReader.artifacts(c, kind));
  }

  public List<ArtifactVersion> versions(String artifact) {
    return read(c -> SqlReader.versions(c, artifact));
  }

  /** The version a reference names; throws {@link NotFoundException} with close names if none. */
  public ArtifactVersion resolve(String ref) {
    ArtifactRef parsed = ArtifactRef.parse(ref);
    return read(c -> SqlReader.resolve(c, parsed));
  }

  public Optional<ArtifactVersion> latest(String artifact) {
    try {
      return Optional.of(resolve(artifact));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Runs that read the version {@code ref} names, oldest first. */
  public List<Run> consumers(String ref) {
    ArtifactRef parsed = ArtifactRef.parse(ref);
    return read(c -> SqlReader.consumers(c, SqlReader.resolve(c, parsed).id()));
  }

  /** Everything the version came from, through the runs that made it, up to {@code depth} hops. */
  public Lineage upstream(String ref, int depth) {
    return lineage(ref, Lineage.Direction.UPSTREAM, depth);
  }

  /** Everything made from the version, up to {@code depth} hops. */
  public Lineage downstream(String ref, int depth) {
    return lineage(ref, Lineage.Direction.DOWNSTREAM, depth);
  }

  public Lineage lineage(String ref, Lineage.Direction direction, int depth) {
    if (depth < 0) {
      throw new InvalidInputException("depth must be 0 or more, not " + depth);
    }
    ArtifactRef parsed = ArtifactRef.parse(ref);
    return read(c -> LineageSql.lineage(c, SqlReader.resolve(c, parsed), direction, depth));
  }

  public List<Alias> aliases(String artifactOrNull) {
    return read(c -> SqlReader.aliases(c, artifactOrNull));
  }

  public List<AliasChange> aliasHistory(String artifact, String aliasOrNull) {
    return read(c -> SqlReader.aliasHistory(c, artifact, aliasOrNull));
  }

  /** What differs between two runs: parameters, inputs, outputs and last metric values. */
  public RunDiff diff(String leftRun, String rightRun) {
    return RunDiffs.of(record(leftRun), record(rightRun));
  }

  /** Every content hash the registry points at. */
  public Set<String> referencedHashes() {
    return read(SqlReader::referencedHashes);
  }

  /** Row counts of the main tables, for a summary. */
  public Map<String, Long> counts() {
    return read(SqlReader::counts);
  }

  /** How old a temporary file in the store must be before verify calls it stray. */
  static final Duration STRAY_GRACE = Duration.ofHours(1);

  /**
   * Re-hashes every stored object and checks that every version's object exists, the store's
   * folders (see {@link ArtifactStore#shapeProblems}) and, for an embedded registry, that other
   * users cannot read its files (see {@link PrivateFiles}). Problems are reported one line each,
   * naming the object.
   */
  public VerifyReport verify() {
    List<String> problems = new ArrayList<>();
    Set<String> referenced = referencedHashes();
    List<String> objects = store.list();
    for (String hash : objects) {
      try {
        store.verify(hash);
      } catch (IntegrityException e) {
        problems.add(e.getMessage());
      }
    }
    for (String hash : referenced) {
      if (!store.contains(hash)) {
        problems.add("object " + hash + " is missing from " + store.location());
      }
    }
    problems.addAll(store.shapeProblems(STRAY_GRACE));
    if (location.isEmbedded()) {
      problems.addAll(PrivateFiles.problems(location));
    }
    return new VerifyReport(objects.size(), problems);
  }

  /** What {@link #verify} found: how many objects it re-hashed, and each problem. */
  public record VerifyReport(int checked, List<String> problems) {
    public VerifyReport {
      problems = List.copyOf(problems);
    }

    public boolean isOk() {
      return problems.isEmpty();
    }
  }

  /** Removes objects no version references, once older than {@code grace}. */
  public ArtifactStore.GcResult gc(Duration grace, boolean dryRun) {
    return store.gc(referencedHashes(), grace, dryRun);
  }

  private <T> T read(SqlWork<T> work) {
    return database.read(work);
  }

  @Override
  public void close() {
    listeners.close();
    database.close();
  }

  @Override
  public String toString() {
    return "Registry[" + location.display() + "]";
  }
}
