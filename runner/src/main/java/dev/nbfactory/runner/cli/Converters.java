package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStatus;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values that go through the registry's own parsers, so a command line accepts exactly what
 * the registry does and a wrong value is refused with the registry's list of accepted ones.
 */
final class Converters {
  private Converters() {}

  private static <T> T convert(Function<String, T> parser, String text) {
    try {
      return parser.apply(text);
    } catch (InvalidInputException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  static final class Status implements ITypeConverter<RunStatus> {
    @Override
    public RunStatus convert(String value) {
      return Converters.convert(RunStatus::parse, value);
    }
  }

  static final class Kind implements ITypeConverter<RunKind> {
    @Override
    public RunKind convert(String value) {
      return Converters.convert(RunKind::parse, value);
    }
  }

  static final class Artifact implements ITypeConverter<ArtifactKind> {
    @Override
    public ArtifactKind convert(String value) {
      return Converters.convert(ArtifactKind::parse, value);
    }
  }

  static final class Grace implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Converters.convert(Durations::parse, value);
    }
  }

  /**
   * A path; one the file system cannot name (a NUL character) is refused in words, not with
   * picocli's text that names Java's exception and repeats the NUL.
   */
  static final class FilePath implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new TypeConversionException(
            "'" + value.replace("\0", "\\0") + "' is not a path: " + e.getReason());
      }
    }
  }
}
