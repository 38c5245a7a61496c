package dev.nbfactory.magics.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
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
import tech.tablesaw.columns.Column;

class TableCodecTest {

  /** Every Tablesaw column type, with awkward values and a missing value in each. */
  static Table everyType() {
    return Table.create(
        "every-type",
        IntColumn.create("int", new int[] {Integer.MIN_VALUE + 1, -1, 0, Integer.MAX_VALUE})
            .setMissing(2),
        LongColumn.create("long", new long[] {Long.MIN_VALUE + 1, 0, 1, Long.MAX_VALUE})
            .setMissing(1),
        ShortColumn.create("short", new short[] {Short.MIN_VALUE + 1, 0, -7, Short.MAX_VALUE})
            .setMissing(0),
        FloatColumn.create("float", new float[] {Float.MIN_VALUE, -0.1f, 3.4e38f, 1.5f})
            .setMissing(3),
        DoubleColumn.create(
                "double",
                new double[] {Double.MIN_VALUE, 0.1 + 0.2, -1e300, Double.POSITIVE_INFINITY})
            .setMissing(1),
        BooleanColumn.create("boolean", new boolean[] {true, false, true, false}).setMissing(2),
        StringColumn.create(
                "string, with a comma",
                new String[] {"plain", "a,b \"quoted\"\nline two\r\n", "  padded  ", "NA"})
            .setMissing(0),
        // Tablesaw 0.44 has no TEXT type any more: long free text is a STRING column too.
        StringColumn.create(
                "text", new String[] {"x".repeat(10_000), "null", "#not a comment", "日本語 é 😀"})
            .setMissing(2),
        DateColumn.create(
            "date",
            new LocalDate[] {
              LocalDate.of(1970, 1, 1), LocalDate.of(2024, 2, 29), null, LocalDate.of(1, 1, 1)
            }),
        TimeColumn.create(
            "time",
            new LocalTime[] {
              LocalTime.of(0, 0), LocalTime.of(23, 59, 59, 999_000_000), null, LocalTime.NOON
            }),
        DateTimeColumn.create(
            "datetime",
            new LocalDateTime[] {
              LocalDateTime.of(2024, 1, 2, 3, 4),
              null,
              LocalDateTime.of(1999, 12, 31, 23, 59, 59, 123_000_000),
              LocalDateTime.of(2030, 6, 1, 0, 0, 1)
            }),
        InstantColumn.create(
            "instant",
            new Instant[] {
              Instant.EPOCH,
              Instant.parse("2024-05-06T07:08:09.123Z"),
              null,
              Instant.ofEpochSecond(1)
            }));
  }

  @Test
  void everyColumnTypeRoundTripsWithItsTypeAndMissingValues() throws Exception {
    Table table = everyType();
    Table back = roundTrip(table);

    assertThat(back.name()).isEqualTo(table.name());
    assertThat(back.rowCount()).isEqualTo(table.rowCount());
    assertThat(back.columnNames()).isEqualTo(table.columnNames());
    for (int c = 0; c < table.columnCount(); c++) {
      Column<?> expected = table.column(c);
      Column<?> actual = back.column(c);
      assertThat(actual.type()).as(expected.name()).isEqualTo(expected.type());
      for (int r = 0; r < table.rowCount(); r++) {
        String where = expected.name() + " row " + r;
        // A string column's missing value is the empty string itself: compare values.
        if (expected.type() != ColumnType.STRING) {
          assertThat(actual.isMissing(r)).as(where).isEqualTo(expected.isMissing(r));
        }
        if (!expected.isMissing(r)) {
          assertThat((Object) actual.get(r)).as(where).isEqualTo(expected.get(r));
        }
      }
    }
    assertThat(TableCodec.schema(back)).isEqualTo(TableCodec.schema(table));
    assertThat(TableCodec.schema(table))
        .extracting(dev.nbfactory.registry.Column::type)
        .containsExactly(
            "INTEGER",
            "LONG",
            "SHORT",
            "FLOAT",
            "DOUBLE",
            "BOOLEAN",
            "STRING",
            "STRING",
            "LOCAL_DATE",
            "LOCAL_TIME",
            "LOCAL_DATE_TIME",
            "INSTANT");
  }

  @Test
  void aOneColumnTableKeepsItsMissingRowsAndEmptyTablesKeepTheirColumns() throws Exception {
    Table one = Table.create("one", StringColumn.create("s", new String[] {"a", "", "b"}));
    assertThat(roundTrip(one).stringColumn("s").asList()).containsExactly("a", "", "b");

    Table empty = Table.create("empty", IntColumn.create("n"), StringColumn.create("s"));
    Table back = roundTrip(empty);
    assertThat(back.rowCount()).isZero();
    assertThat(back.columnNames()).containsExactly("n", "s");
    assertThat(back.column("n").type()).isEqualTo(ColumnType.INTEGER);
  }

  @Test
  void theBytesArePlainCsvAnyToolReads() throws Exception {
    Table table =
        Table.create(
            "t",
            IntColumn.create("id", new int[] {1, 2}),
            StringColumn.create("name", new String[] {"Ann", "Bo, Jr."}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TableCodec.write(table, out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("id,name\n1,Ann\n2,\"Bo, Jr.\"\n");
  }

  static Table roundTrip(Table table) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TableCodec.write(table, out);
    List<dev.nbfactory.registry.Column> schema = TableCodec.schema(table);
    return TableCodec.read(new ByteArrayInputStream(out.toByteArray()), table.name(), schema);
  }
}
