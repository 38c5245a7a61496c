package dev.nbfactory.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the known names closest to a mistyped one, by edit distance. */
final class Suggestions {
  private Suggestions() {}

  static List<String> closest(String wanted, List<String> known) {
    if (wanted == null) {
      return List.of();
    }
    String w = wanted.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, w.length() / 3);
    return known.stream()
        .filter(
            k ->
                distance(w, k.toLowerCase(Locale.ROOT)) <= limit
                    || k.toLowerCase(Locale.ROOT).contains(w))
        .sorted(Comparator.comparingInt(k -> distance(w, k.toLowerCase(Locale.ROOT))))
        .limit(3)
        .toList();
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
