package dev.nbfactory.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Ids for {@code IN (?, ...)}, in chunks of at most {@value #CHUNK}. Each chunk is padded (with its
 * last id again, which matches nothing more) to one of a few sizes, so a page of any length reuses
 * the same few cached statements.
 */
final class InList {
  static final int CHUNK = 500;
  private static final int[] SIZES = {1, 8, 32, 128, CHUNK};

  private InList() {}

  /** The distinct ids, in their first order, chunked and padded. */
  static List<Object[]> chunks(Collection<String> ids) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
    List<Object[]> out = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += CHUNK) {
      List<String> part = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
      int size = CHUNK;
      for (int candidate : SIZES) {
        if (candidate >= part.size()) {
          size = candidate;
          break;
        }
      }
      Object[] chunk = new Object[size];
      for (int i = 0; i < size; i++) {
        chunk[i] = part.get(Math.min(i, part.size() - 1));
      }
      out.add(chunk);
    }
    return out;
  }

  /** {@code (?, ?, ...)} for a chunk of {@code n}. */
  static String placeholders(int n) {
    return "(" + "?, ".repeat(n - 1) + "?)";
  }
}
