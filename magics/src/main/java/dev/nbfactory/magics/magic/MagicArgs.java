package dev.nbfactory.magics.magic;

import dev.nbfactory.registry.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A magic's arguments: positional words, {@code --name VALUE} options (also {@code --name=VALUE})
 * and {@code --flag}s. Unknown options and missing values are errors that show the usage.
 */
final class MagicArgs {
  private final FactoryMagic magic;
  private final List<String> positional = new ArrayList<>();
  private final Map<String, List<String>> options = new LinkedHashMap<>();

  private MagicArgs(FactoryMagic magic) {
    this.magic = magic;
  }

  static MagicArgs parse(
      FactoryMagic magic, List<String> args, Set<String> valueOptions, Set<String> flags) {
    MagicArgs out = new MagicArgs(magic);
    List<String> words = args == null ? List.of() : args;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (!word.startsWith("--") || word.equals("--")) {
        out.positional.add(word);
        continue;
      }
      String name = word.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && inline == null) {
        out.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (valueOptions.contains(name)) {
        String value = inline;
        if (value == null) {
          if (i + 1 >= words.size()) {
            throw out.error("option --" + name + " needs a value");
          }
          value = words.get(++i);
        }
        out.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw out.error("unknown option --" + name);
      }
    }
    return out;
  }

  List<String> positional() {
    return positional;
  }

  /** Checks the number of positional arguments. */
  MagicArgs expect(int min, int max) {
    if (positional.size() < min) {
      throw error(min == 1 ? "missing argument" : "missing arguments");
    }
    if (positional.size() > max) {
      throw error("unexpected argument '" + positional.get(max) + "'");
    }
    return this;
  }

  String option(String name) {
    List<String> values = options.get(name);
    return values == null ? null : values.get(values.size() - 1);
  }

  List<String> options(String name) {
    return options.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  int intOption(String name, int defaultValue) {
    String value = option(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw error("--" + name + " takes a whole number, not '" + value + "'");
    }
  }

  InvalidInputException error(String problem) {
    return usageError(magic, problem);
  }

  static InvalidInputException usageError(FactoryMagic magic, String problem) {
    return new InvalidInputException(
        "%" + magic.name() + ": " + problem + "; usage: " + magic.usage());
  }
}
