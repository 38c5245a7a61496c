package dev.nbfactory.runner.params;

import java.util.ArrayList;
import java.util.List;

/** Strings that break naive escaping (RELIABILITY.md 11), shared by the round-trip tests. */
public final class HostileStrings {
  private HostileStrings() {}

  public static List<String> values() {
    List<String> v = new ArrayList<>();
    v.add("");
    v.add("\"");
    v.add("\\");
    v.add("\\\"");
    v.add("a\r\nb\nc\rd");
    v.add("\0nul\0");
    v.add("\u0000001");
    v.add("line\u2028separator\u2029paragraph");
    v.add("\uD83D\uDE00 emoji and \uD834\uDD1E clef");
    v.add("\\u0022");
    v.add("\\u000a");
    v.add("\\\\u0022");
    v.add("\\uuuu0022");
    v.add("*/ /* // ");
    v.add("${x} $1 $$");
    v.add("\t\b\f\u007f\u0085");
    v.add("\"; System.exit(1); String x = \"");
    v.add("x".repeat(70_000)); // longer than one class-file constant
    v.add("é".repeat(30_000)); // 60,000 characters of two-byte UTF-8
    v.add("\uD83D\uDE00".repeat(JavaLiteral.MAX_PIECE)); // pairs across the piece boundary
    return v;
  }
}
