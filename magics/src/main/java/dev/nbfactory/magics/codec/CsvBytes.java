package dev.nbfactory.magics.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * A byte buffer that CSV cells are written into directly: numbers digit by digit, dates and times
 * in ISO-8601 field by field, text as UTF-8 (copied byte for byte when it is ASCII). Skips the
 * String-then-charset-encoder round of a {@code Writer}, which is most of the cost of a large
 * table.
 */
final class CsvBytes {
  private final OutputStream out;
  private final byte[] buffer = new byte[1 << 16];
  private int count;

  CsvBytes(OutputStream out) {
    this.out = out;
  }

  private void ensure(int room) throws IOException {
    if (count + room > buffer.length) {
      flush();
    }
  }

  void flush() throws IOException {
    out.write(buffer, 0, count);
    count = 0;
  }

  void ascii(char c) throws IOException {
    ensure(1);
    buffer[count++] = (byte) c;
  }

  /** Text known to be ASCII (numbers' own text forms). */
  void ascii(String s) throws IOException {
    int length = s.length();
    if (length > buffer.length) {
      text(s);
      return;
    }
    ensure(length);
    for (int i = 0; i < length; i++) {
      buffer[count++] = (byte) s.charAt(i);
    }
  }

  /** Any text, as UTF-8. */
  void text(String s) throws IOException {
    int length = s.length();
    if (length <= 1024) {
      ensure(length);
      int start = count;
      for (int i = 0; i < length; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          count = start;
          bytes(s.getBytes(StandardCharsets.UTF_8));
          return;
        }
        buffer[count++] = (byte) c;
      }
      return;
    }
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private void bytes(byte[] b) throws IOException {
    if (b.length > buffer.length) {
      flush();
      out.write(b);
      return;
    }
    ensure(b.length);
    System.arraycopy(b, 0, buffer, count, b.length);
    count += b.length;
  }

  void longValue(long v) throws IOException {
    if (v == Long.MIN_VALUE) {
      ascii(Long.toString(v));
      return;
    }
    ensure(20);
    if (v < 0) {
      buffer[count++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long p = 10; digits < 19 && v >= p; p *= 10) {
      digits++;
    }
    int end = count + digits;
    for (int i = end - 1; i >= count; i--) {
      buffer[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    count = end;
  }

  private void padded(int v, int width) throws IOException {
    ensure(width);
    for (int i = count + width - 1; i >= count; i--) {
      buffer[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    count += width;
  }

  void date(LocalDate d) throws IOException {
    int year = d.getYear();
    if (year < 0 || year > 9999) {
      ascii(d.toString());
      return;
    }
    padded(year, 4);
    ascii('-');
    padded(d.getMonthValue(), 2);
    ascii('-');
    padded(d.getDayOfMonth(), 2);
  }

  /** {@code HH:mm:ss}, then {@code .SSS} or more digits when there is a fraction. */
  void time(LocalTime t) throws IOException {
    int nano = t.getNano();
    if (nano % 1_000_000 != 0) {
      ascii(t.toString().length() == 5 ? t + ":00" : t.toString());
      return;
    }
    padded(t.getHour(), 2);
    ascii(':');
    padded(t.getMinute(), 2);
    ascii(':');
    padded(t.getSecond(), 2);
    if (nano != 0) {
      ascii('.');
      padded(nano / 1_000_000, 3);
    }
  }

  void dateTime(LocalDateTime dt) throws IOException {
    date(dt.toLocalDate());
    ascii('T');
    time(dt.toLocalTime());
  }
}
