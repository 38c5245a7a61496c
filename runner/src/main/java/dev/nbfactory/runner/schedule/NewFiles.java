package dev.nbfactory.runner.schedule;

import dev.nbfactory.registry.FileGlob;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code --on-new-file}: finds a matching file that settled with content not seen, and claims it.
 */
final class NewFiles {
  /** Where a node says what it does. */
  @FunctionalInterface
  interface Say {
    void say(String format, Object... args);
  }

  private NewFiles() {}

  static final Duration SETTLED = Duration.ofSeconds(2);

  /** The first matching file that settled with content the schedule has not seen, claimed. */
  static Optional<Path> claimNext(Registry registry, Schedule s, Instant now, Say say) {
    Instant settledBefore = now.minus(SETTLED);
    List<Path> files;
    try {
      files = FileGlob.matches(s.onNewFile());
    } catch (UncheckedIOException e) {
      say.say("%s: cannot list %s: %s", s.name(), s.onNewFile(), e.getMessage());
      return Optional.empty();
    }
    for (Path file : files) {
      try {
        if (Files.getLastModifiedTime(file).toInstant().isAfter(settledBefore)) {
          continue;
        }
        String hash = registry.externalContent(file).contentHash();
        if (registry.schedules().claimFile(s.name(), file, hash)) {
          return Optional.of(file);
        }
      } catch (IOException | RuntimeException e) {
        say.say("%s: cannot read %s yet: %s", s.name(), file, e.getMessage());
      }
    }
    return Optional.empty();
  }
}
