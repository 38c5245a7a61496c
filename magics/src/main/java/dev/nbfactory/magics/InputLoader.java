package dev.nbfactory.magics;

import dev.nbfactory.magics.codec.Json;
import dev.nbfactory.magics.codec.ModelCodec;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tribuo.Model;
import tech.tablesaw.api.Table;

/**
 * Loads the versions a notebook reads, by their kind and media type: a dataset as a Tablesaw table
 * (warning when its columns differ from what the stage read last time), a model as a Tribuo model,
 * anything else as a read-only, verified copy of its bytes; and records that the run read them.
 * Wrong kinds fail naming the version's kind and the call to use.
 */
final class InputLoader {
  /** What a caller wants back; ANY follows the artifact's kind. */
  enum Expect {
    ANY,
    TABLE,
    MODEL,
    PATH
  }

  private final NotebookContext context;
  private Path inputCopies;

  InputLoader(NotebookContext context) {
    this.context = context;
  }

  /** What a variable declared as {@code type} wants. */
  static Expect expectFor(Class<?> type) {
    return Table.class.isAssignableFrom(type)
        ? Expect.TABLE
        : Model.class.isAssignableFrom(type)
            ? Expect.MODEL
            : Path.class.equals(type) ? Expect.PATH : Expect.ANY;
  }

  FactorySession.Loaded load(
      Registry registry, Run current, String ref, Expect expect, Class<?> declared) {
    ArtifactVersion version = registry.resolve(ref);
    checkKind(ref, version, expect);
    Object value;
    if (expect == Expect.PATH) {
      value = copyOut(registry, version);
    } else if (version.kind() == ArtifactKind.DATASET && isCsv(version)) {
      value = readTable(registry, current, version);
    } else if (version.kind() == ArtifactKind.MODEL && isModel(version)) {
      value = readModel(registry, version);
    } else if (expect == Expect.ANY) {
      value = copyOut(registry, version);
    } else {
      throw new FactoryException(
          version.ref()
              + " is stored as '"
              + version.mediaType()
              + "', which Notebook Factory cannot load as a "
              + (expect == Expect.TABLE ? "table" : "model")
              + ": use Factory.path(\""
              + ref
              + "\") for its file");
    }
    if (!declared.isInstance(value)) {
      throw new InvalidInputException(
          version.ref()
              + " is "
              + article(version.kind())
              + " that loads as a "
              + value.getClass().getName()
              + ", not a "
              + declared.getName()
              + ": declare the variable as "
              + (version.kind() == ArtifactKind.DATASET
                  ? "Table"
                  : version.kind() == ArtifactKind.MODEL ? "Model<Label>" : "Path")
              + ", or use "
              + use(version.kind())
              + "(\""
              + ref
              + "\")");
    }
    registry.logInput(current.id(), version.ref());
    if (value instanceof Table table) {
      TableOrigins.remember(table, version);
    }
    return new FactorySession.Loaded(version, value);
  }

  private static void checkKind(String ref, ArtifactVersion version, Expect expect) {
    ArtifactKind wanted =
        switch (expect) {
          case TABLE -> ArtifactKind.DATASET;
          case MODEL -> ArtifactKind.MODEL;
          default -> null;
        };
    if (wanted == null || version.kind() == wanted) {
      return;
    }
    throw new InvalidInputException(
        version.name()
            + " is "
            + article(version.kind())
            + ", not "
            + article(wanted)
            + ": use "
            + use(version.kind())
            + "(\""
            + ref
            + "\")");
  }

  /** The call that loads a version of this kind. */
  private static String use(ArtifactKind kind) {
    return switch (kind) {
      case DATASET -> "Factory.table";
      case MODEL -> "Factory.model";
      default -> "Factory.path";
    };
  }

  private static String article(ArtifactKind kind) {
    String word = kind.name().toLowerCase(Locale.ROOT);
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  private static boolean isCsv(ArtifactVersion v) {
    return v.mediaType() == null || v.mediaType().startsWith(TableCodec.MEDIA_TYPE);
  }

  private static boolean isModel(ArtifactVersion v) {
    return ModelCodec.PROTOBUF.equals(v.mediaType())
        || ModelCodec.JAVA_SERIALIZED.equals(v.mediaType());
  }

  private Table readTable(Registry registry, Run current, ArtifactVersion version) {
    warnIfSchemaChanged(registry, current, version);
    try (InputStream in = registry.store().open(version.contentHash())) {
      if (version.schema().isEmpty()) {
        // Bytes recorded by another tool, without column types: let Tablesaw infer them.
        Table table =
            Table.read()
                .usingOptions(
                    tech.tablesaw.io.csv.CsvReadOptions.builder(in).tableName(version.name()));
        return table;
      }
      return TableCodec.read(in, tableName(version), version.schema());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + version.ref(), e);
    }
  }

  /** The name the table had when stored (kept in the metadata), else the artifact's name. */
  private static String tableName(ArtifactVersion version) {
    if (version.metadata() != null) {
      try {
        var name = Json.parse(version.metadata()).get("tableName");
        if (name != null && name.isTextual()) {
          return name.asText();
        }
      } catch (FactoryException e) {
        // metadata written by another tool: fall back to the artifact's name
      }
    }
    return version.name();
  }

  /**
   * Warns when the columns differ from those of the version the last successful run of this stage
   * read under the same name: the notebook may rely on what changed.
   */
  private void warnIfSchemaChanged(Registry registry, Run current, ArtifactVersion version) {
    List<Run> previous =
        registry.runs(
            RunQuery.all().withStage(current.stage()).withStatus(RunStatus.SUCCEEDED).limit(1));
    if (previous.isEmpty()) {
      return;
    }
    for (ArtifactVersion read : registry.inputs(previous.get(0).id())) {
      if (!read.name().equals(version.name())
          || read.id() == version.id()
          || read.schema().isEmpty()) {
        continue;
      }
      SchemaChange change = SchemaChange.between(read.schema(), version.schema());
      if (!change.isEmpty()) {
        context
            .warnings()
            .accept(
                "warning: "
                    + version.ref()
                    + " has other columns than "
                    + read.ref()
                    + ", which the last successful run of stage '"
                    + current.stage()
                    + "' ("
                    + previous.get(0).shortId()
                    + ") read: "
                    + change.describe());
      }
      return;
    }
  }

  private static Model<?> readModel(Registry registry, ArtifactVersion version) {
    try (InputStream in = registry.store().open(version.contentHash())) {
      return ModelCodec.read(in, version.mediaType());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + version.ref(), e);
    }
  }

  /** A verified, read-only copy of the version's bytes in this session's temp folder. */
  private Path copyOut(Registry registry, ArtifactVersion version) {
    try {
      if (inputCopies == null) {
        inputCopies = Files.createTempDirectory("factory-inputs-");
      }
      if (ArtifactNames.isExternal(version.name())
          && !registry.store().contains(version.contentHash())) {
        throw new FactoryException(
            version.ref()
                + " was recorded by its hash only (stored = false): its bytes are not in the"
                + " artifact store; read the file itself with Factory.file(\""
                + ArtifactNames.location(version.name())
                + "\")");
      }
      String file =
          ArtifactNames.isExternal(version.name())
              ? ArtifactNames.location(version.name()).getFileName().toString()
              : version.name();
      Path dir = inputCopies.resolve("v" + version.id());
      Path target = dir.resolve(file);
      if (!Files.exists(target)) {
        Files.createDirectories(dir);
        registry.store().copyTo(version.contentHash(), target);
        if (!target.toFile().setReadOnly()) {
          throw new IOException("could not make " + target + " read-only");
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy " + version.ref() + " out of the store", e);
    }
  }

  /** Deletes the copies {@link #load} made for {@code Path} inputs. */
  void deleteCopies() {
    if (inputCopies == null) {
      return;
    }
    try (var paths = Files.walk(inputCopies)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                p.toFile().setWritable(true);
                p.toFile().delete();
              });
    } catch (IOException | UncheckedIOException e) {
      context.warnings().accept("warning: could not delete " + inputCopies + ": " + e.getMessage());
    }
    inputCopies = null;
  }
}
