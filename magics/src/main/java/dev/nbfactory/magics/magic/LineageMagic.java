package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.lineage.LineageCut;
import dev.nbfactory.magics.lineage.LineageSvg;
import dev.nbfactory.magics.lineage.LineageTree;
import dev.nbfactory.magics.lineage.TreeGlyphs;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code %lineage [NAME[@V]] [--depth N] [--downstream]}: where an artifact version came from (or,
 * with {@code --downstream}, what was made from it), drawn inline as a graph, with the text tree
 * {@code factory lineage} prints as the plain-text fallback. Without a name it shows the default
 * reference, such as the last output of the current run. The depth, in runs away from the version,
 * is {@value #DEFAULT_DEPTH} unless given: enough for a notebook's own pipeline, small enough to
 * read; the picture marks the versions whose history goes on beyond it.
 */
public final class LineageMagic implements FactoryMagic {
  /** How many runs away the picture follows unless {@code --depth} says otherwise. */
  public static final int DEFAULT_DEPTH = 5;

  /** The deepest walk allowed, as for {@code factory lineage}. */
  public static final int MAX_DEPTH = 1000;

  static final String USAGE = "%lineage [NAME[@V]] [--depth N] [--downstream]";

  private final Supplier<Registry> registry;
  private final Supplier<Optional<String>> defaultRef;
  private final Clock clock;

  /**
   * A magic that reads {@code registry} and draws times in the system's zone.
   *
   * @param registry the registry to read, asked at each call
   * @param defaultRef what to show when no name is given, such as the last output of the current
   *     run; empty when there is nothing to default to
   */
  public LineageMagic(Supplier<Registry> registry, Supplier<Optional<String>> defaultRef) {
    this(registry, defaultRef, Clock.systemDefaultZone());
  }

  /** As above, with the clock for "3 min ago" in the text and its zone for times in the picture. */
  public LineageMagic(
      Supplier<Registry> registry, Supplier<Optional<String>> defaultRef, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.defaultRef = Objects.requireNonNull(defaultRef, "defaultRef");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return "lineage";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public String help() {
    return "Draw where an artifact version came from (--downstream: what was made from it),"
        + " "
        + DEFAULT_DEPTH
        + " runs deep unless --depth N says otherwise.";
  }

  @Override
  public MimeBundle run(List<String> args, String body) {
    Request request = Request.parse(args);
    String ref =
        request.ref() != null
            ? request.ref()
            : defaultRef
                .get()
                .orElseThrow(
                    () -> new InvalidInputException("name an artifact: %lineage NAME[@V]"));
    Lineage.Direction direction =
        request.downstream() ? Lineage.Direction.DOWNSTREAM : Lineage.Direction.UPSTREAM;
    // One hop more than shown, to mark the versions whose history goes on beyond the depth.
    Lineage deeper = registry.get().lineage(ref, direction, request.depth() + 1);
    String svg = new LineageSvg(clock.getZone()).render(LineageCut.of(deeper, request.depth()));
    String text =
        new LineageTree(deeper, request.depth())
            .render(TreeGlyphs.UNICODE, clock.instant(), "--depth");
    return MimeBundle.svg(svg, text);
  }

  /** The arguments, checked: at most one reference, a depth, a direction. */
  record Request(String ref, int depth, boolean downstream) {

    static Request parse(List<String> args) {
      String ref = null;
      int depth = DEFAULT_DEPTH;
      boolean downstream = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("--downstream")) {
          downstream = true;
        } else if (arg.equals("--upstream")) {
          downstream = false;
        } else if (arg.equals("--depth")) {
          if (i + 1 == args.size()) {
            throw new InvalidInputException("--depth needs a number: " + USAGE);
          }
          depth = depth(args.get(++i));
        } else if (arg.startsWith("--depth=")) {
          depth = depth(arg.substring("--depth=".length()));
        } else if (arg.startsWith("-")) {
          throw new InvalidInputException("unknown option '" + arg + "' for " + USAGE);
        } else if (ref != null) {
          throw new InvalidInputException(
              "%lineage shows one artifact, not '" + ref + "' and '" + arg + "': " + USAGE);
        } else {
          ref = arg;
        }
      }
      return new Request(ref, depth, downstream);
    }

    private static int depth(String text) {
      try {
        int depth = Integer.parseInt(text.strip());
        if (depth >= 0 && depth <= MAX_DEPTH) {
          return depth;
        }
      } catch (NumberFormatException e) {
        // the message below says what is wanted
      }
      throw new InvalidInputException(
          "--depth must be a whole number from 0 to " + MAX_DEPTH + ", not '" + text + "'");
    }
  }
}
