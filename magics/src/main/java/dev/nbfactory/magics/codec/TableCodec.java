package dev.nbfactory.magics.codec;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.IntegrityException;
import dev.nbfactory.registry.Registry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A Tablesaw table as RFC 4180 CSV (UTF-8, comma, {@code "} quotes, {@code \n} rows, one header
 * row) that any tool reads, with the exact Tablesaw column types kept beside it in the registry's
 * schema. Reading passes those types to Tablesaw's CSV reader, so nothing is inferred and every
 * column comes back with its type.
 *
 * <p>Values are written in a form that parses back to the same value: numbers with Java's {@code
 * toString} (shortest round-trip form), dates and times in ISO-8601, booleans as {@code
 * true}/{@code false}. A missing value is an empty field and only an empty field reads as missing
 * (Tablesaw's defaults would also read {@code NA} or {@code null} as missing). Text that would not
 * survive bare (commas, quotes, line breaks, surrounding blanks, or an empty value in a one-column
 * table) is quoted.
 */
public final class TableCodec {
  /** What a table artifact's bytes are. */
  public static final String MEDIA_TYPE = "text/csv";

  private static final int WRITE_BUFFER = 1 << 16;

  private TableCodec() {}

  /** The table's columns as the registry records them: name and Tablesaw type name. */
  public static List<Column> schema(Table table) {
    List<Column> columns = new ArrayList<>(table.columnCount());
    for (tech.tablesaw.columns.Column<?> column : table.columns()) {
      columns.add(new Column(column.name(), column.type().name()));
    }
    return columns;
  }

  /** Writes the table as CSV. The stream is written to, not flushed or closed. */
  public static void write(Table table, OutputStream out) throws IOException {
    CsvBytes csv = new CsvBytes(out);
    List<tech.tablesaw.columns.Column<?>> columns = table.columns();
    int width = columns.size();
    boolean quoteEmpty = width == 1;
    for (int c = 0; c < width; c++) {
      if (c > 0) {
        csv.ascii(',');
      }
      writeText(csv, columns.get(c).name(), true);
    }
    csv.ascii('\n');
    CellWriter[] cells = new CellWriter[width];
    for (int c = 0; c < width; c++) {
      cells[c] = cellWriter(columns.get(c), quoteEmpty);
    }
    int rows = table.rowCount();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < width; c++) {
        if (c > 0) {
          csv.ascii(',');
        }
        cells[c].write(csv, r);
      }
      csv.ascii('\n');
    }
    csv.flush();
  }

  /**
   * Reads a table written by {@link #write}, with the column types its schema records. The whole
   * stream is read, so a verifying stream gets to check its hash.
   */
  /**
   * A dataset version of {@code registry}, read back (verified) with its stored column types and
   * named after its reference; nothing is recorded as an input.
   */
  public static Table read(Registry registry, ArtifactVersion version) {
    try (InputStream in = registry.store().open(version.contentHash())) {
      return read(in, version.ref(), version.schema());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + version.ref(), e);
    }
  }

  /**
   * Whether two tables have the same columns, in order, of the same types: one appends to other.
   */
  public static boolean sameColumns(Table a, Table b) {
    return a.columnNames().equals(b.columnNames())
        && a.columns().stream().allMatch(c -> c.type().equals(b.column(c.name()).type()));
  }

  public static Table read(InputStream in, String tableName, List<Column> schema) {
    ColumnType[] types = new ColumnType[schema.size()];
    boolean instants = false;
    for (int i = 0; i < types.length; i++) {
      types[i] = columnType(schema.get(i));
      // Tablesaw 0.44's InstantParser fails on an empty field: read the text, convert below.
      if (types[i] == ColumnType.INSTANT) {
        types[i] = ColumnType.STRING;
        instants = true;
      }
    }
    // Tablesaw closes what it reads; the stream stays open so its rest can be drained (and hashed).
    Reader reader =
        new InputStreamReader(
            new FilterInputStream(in) {
              @Override
              public void close() {}
            },
            StandardCharsets.UTF_8);
    CsvReadOptions options =
        CsvReadOptions.builder(reader)
            .tableName(tableName)
            .header(true)
            .separator(',')
            .quoteChar('"')
            .lineEnding("\n")
            .columnTypes(types)
            .missingValueIndicator("")
            .maxCharsPerColumn(-1)
            .maxNumberOfColumns(Math.max(types.length, 1))
            .dateFormat(DateTimeFormatter.ISO_LOCAL_DATE)
            .timeFormat(DateTimeFormatter.ISO_LOCAL_TIME)
            .dateTimeFormat(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .locale(Locale.ROOT)
            .build();
    try {
      Table table = Table.read().usingOptions(options);
      in.transferTo(OutputStream.nullOutputStream());
      if (instants) {
        for (int i = 0; i < schema.size(); i++) {
          if (columnType(schema.get(i)) == ColumnType.INSTANT) {
            table.replaceColumn(i, toInstants(table.stringColumn(i)));
          }
        }
      }
      return table;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read table '" + tableName + "'", e);
    } catch (RuntimeException e) {
      IntegrityException integrity = findCause(e, IntegrityException.class);
      if (integrity != null) {
        throw integrity;
      }
      throw e;
    }
  }

  private static InstantColumn toInstants(StringColumn text) {
    InstantColumn out = InstantColumn.create(text.name());
    for (int r = 0; r < text.size(); r++) {
      if (text.isMissing(r)) {
        out.appendMissing();
      } else {
        out.append(Instant.parse(text.get(r)));
      }
    }
    return out;
  }

  /** The Tablesaw type a schema column names; a clear error for names Tablesaw does not know. */
  public static ColumnType columnType(Column column) {
    try {
      return ColumnType.valueOf(column.type());
    } catch (RuntimeException e) {
      throw new FactoryException(
          "column '"
              + column.name()
              + "' has type '"
              + column.type()
              + "', which is not a Tablesaw column type (such as INTEGER, DOUBLE, STRING)");
    }
  }

  private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  @FunctionalInterface
  private interface CellWriter {
    void write(CsvBytes out, int row) throws IOException;
  }

  private static CellWriter cellWriter(tech.tablesaw.columns.Column<?> column, boolean quoteEmpty) {
    CellWriter value = valueWriter(column);
    return (out, r) -> {
      if (column.isMissing(r)) {
        if (quoteEmpty) {
          out.ascii("\"\"");
        }
      } else {
        value.write(out, r);
      }
    };
  }

  /** Writes a value that is not missing. */
  private static CellWriter valueWriter(tech.tablesaw.columns.Column<?> column) {
    if (column instanceof IntColumn ints) {
      return (out, r) -> out.longValue(ints.getInt(r));
    }
    if (column instanceof LongColumn longs) {
      return (out, r) -> out.longValue(longs.getLong(r));
    }
    if (column instanceof ShortColumn shorts) {
      return (out, r) -> out.longValue(shorts.getShort(r));
    }
    if (column instanceof DoubleColumn doubles) {
      return (out, r) -> out.ascii(Double.toString(doubles.getDouble(r)));
    }
    if (column instanceof FloatColumn floats) {
      return (out, r) -> out.ascii(Float.toString(floats.getFloat(r)));
    }
    if (column instanceof BooleanColumn booleans) {
      return (out, r) -> out.ascii(booleans.get(r) ? "true" : "false");
    }
    if (column instanceof DateColumn dates) {
      return (out, r) -> out.date(dates.get(r));
    }
    if (column instanceof TimeColumn times) {
      return (out, r) -> out.time(times.get(r));
    }
    if (column instanceof DateTimeColumn dateTimes) {
      return (out, r) -> out.dateTime(dateTimes.get(r));
    }
    if (column instanceof InstantColumn instants) {
      return (out, r) -> out.ascii(instants.get(r).toString());
    }
    // STRING, and any other column type: its own text form, quoted when needed.
    return (out, r) -> writeText(out, column.getUnformattedString(r), false);
  }

  private static void writeText(CsvBytes out, String text, boolean quoteEmpty) throws IOException {
    if (text.isEmpty()) {
      if (quoteEmpty) {
        out.ascii("\"\"");
      }
      return;
    }
    if (!needsQuotes(text)) {
      out.text(text);
      return;
    }
    out.ascii('"');
    out.text(text.indexOf('"') < 0 ? text : text.replace("\"", "\"\""));
    out.ascii('"');
  }

  private static boolean needsQuotes(String text) {
    if (Character.isWhitespace(text.charAt(0))
        || Character.isWhitespace(text.charAt(text.length() - 1))
        || text.charAt(0) == '#') {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
        return true;
      }
    }
    return false;
  }
}
