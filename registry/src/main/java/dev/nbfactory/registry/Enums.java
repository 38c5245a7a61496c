package dev.nbfactory.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive enum parsing with an error that lists the accepted values. */
final class Enums {
  private Enums() {}

  static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    if (text != null) {
      String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (E value : type.getEnumConstants()) {
        if (value.name().equals(wanted)) {
          return value;
        }
      }
    }
    String accepted =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    throw new InvalidInputException("unknown " + what + " '" + text + "': use one of " + accepted);
  }
}
