package dev.nbfactory.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Experiments that measure a proposed registry fix without changing the registry: a JDBC driver put
 * in front of sqlite-jdbc that changes what the registry's own code gets. Off unless asked for with
 * system properties (add them with JMH's {@code -jvmArgsAppend}):
 *
 * <ul>
 *   <li>{@code -Dnbf.whatif.statementCache=true}: {@code prepareStatement(sql)} returns a statement
 *       prepared once per connection and SQL text, and {@code close()} only clears its parameters:
 *       what a statement cache in {@code internal/Jdbc} would do.
 *   <li>{@code -Dnbf.whatif.lineageSql=true}: the closure query of {@code SqlReader.lineage} is
 *       replaced by {@link #lineageFix}'s form, which drives every join from the closure instead of
 *       letting SQLite scan the whole edge tables (same parameters, same rows).
 *   <li>{@code -Dnbf.whatif.pragma.NAME=VALUE}: opens SQLite with that sqlite-jdbc connection
 *       property (a pragma) added or changed, such as {@code synchronous=NORMAL} (the registry sets
 *       FULL) or {@code cache_size=-65536} (64 MiB of page cache; SQLite's default is 2 MiB).
 * </ul>
 *
 * Figures taken with either are not the registry's: the benchmarks print a line when one is on.
 */
final class WhatIf {
  static final String STATEMENT_CACHE = "nbf.whatif.statementCache";
  static final String PRAGMA = "nbf.whatif.pragma.";
  static final String LINEAGE_SQL = "nbf.whatif.lineageSql";

  /**
   * The proposed closure query, for {@code near} and {@code far} edge tables as {@code
   * SqlReader.lineage} names them. Parameters: root version id, depth, depth, depth (the last one
   * only keeps the registry's four parameters bindable). The versions of the closure and their
   * near-side runs are materialized once; the far-side edges are then looked up by run id.
   */
  static String lineageFix(String near, String far) {
    return "WITH RECURSIVE walk(version_id, depth) AS ("
        + " SELECT CAST(? AS BIGINT), 0"
        + " UNION"
        + " SELECT f.version_id, w.depth + 1 FROM walk w"
        + " JOIN "
        + near
        + " n ON n.version_id = w.version_id"
        + " JOIN "
        + far
        + " f ON f.run_id = n.run_id"
        + " WHERE w.depth < ?),"
        + " nodes AS MATERIALIZED (SELECT DISTINCT version_id FROM walk WHERE depth < ?),"
        + " near_edges AS MATERIALIZED (SELECT n.run_id, n.version_id FROM nodes w"
        + " CROSS JOIN "
        + near
        + " n WHERE n.version_id = w.version_id)"
        + " SELECT run_id, version_id, 0 AS far FROM near_edges"
        + " UNION ALL"
        + " SELECT f.run_id, f.version_id, 1 AS far"
        + " FROM (SELECT DISTINCT run_id FROM near_edges) r"
        + " CROSS JOIN "
        + far
        + " f WHERE f.run_id = r.run_id AND ? IS NOT NULL";
  }

  private static boolean installed;

  private WhatIf() {}

  static synchronized void installIfAsked() {
    boolean cache = Boolean.getBoolean(STATEMENT_CACHE);
    boolean lineage = Boolean.getBoolean(LINEAGE_SQL);
    Map<String, String> pragmas = new TreeMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(PRAGMA)) {
        pragmas.put(name.substring(PRAGMA.length()), System.getProperty(name));
      }
    }
    if (installed || !cache && !lineage && pragmas.isEmpty()) {
      return;
    }
    try {
      Driver sqlite = null;
      for (Driver driver : Collections.list(DriverManager.getDrivers())) {
        if (driver.getClass().getName().equals("org.sqlite.JDBC")) {
          sqlite = driver;
        }
      }
      if (sqlite == null) {
        throw new IllegalStateException("sqlite-jdbc is not registered");
      }
      // DriverManager asks drivers in the order they were registered: ours must come first.
      DriverManager.deregisterDriver(sqlite);
      DriverManager.registerDriver(new Wrapping(sqlite, cache, lineage, pragmas));
      DriverManager.registerDriver(sqlite);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    installed = true;
    System.out.printf(
        "%nWHAT-IF EXPERIMENT, not the registry as it is: statement cache %s, lineage query %s,"
            + " pragmas changed %s%n",
        cache ? "on" : "off", lineage ? "rewritten" : "unchanged", pragmas);
  }

  private static final class Wrapping implements Driver {
    private final Driver sqlite;
    private final boolean cache;
    private final boolean lineage;
    private final Map<String, String> pragmas;

    Wrapping(Driver sqlite, boolean cache, boolean lineage, Map<String, String> pragmas) {
      this.sqlite = sqlite;
      this.cache = cache;
      this.lineage = lineage;
      this.pragmas = pragmas;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      if (!acceptsURL(url)) {
        return null;
      }
      Properties props = new Properties();
      props.putAll(info);
      props.putAll(pragmas);
      Connection connection = sqlite.connect(url, props);
      return cache || lineage ? intercepting(connection, cache, lineage) : connection;
    }

    @Override
    public boolean acceptsURL(String url) {
      return url != null && url.startsWith("jdbc:sqlite:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
      return sqlite.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
      return sqlite.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
      return sqlite.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
      return sqlite.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return sqlite.getParentLogger();
    }
  }

  private static Connection intercepting(Connection real, boolean cache, boolean lineage) {
    Map<String, PreparedStatement> statements = new HashMap<>();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement")
              && args != null
              && args.length == 1
              && args[0] instanceof String original) {
            String sql = lineage ? rewriteLineage(original) : original;
            if (!cache) {
              return real.prepareStatement(sql);
            }
            PreparedStatement cached = statements.get(sql);
            if (cached == null) {
              cached = reusable(real.prepareStatement(sql));
              statements.put(sql, cached);
            }
            return cached;
          }
          if (method.getName().equals("close")) {
            for (PreparedStatement statement : statements.values()) {
              statement.unwrap(PreparedStatement.class).close();
            }
            statements.clear();
          }
          return invoke(real, method, args);
        };
    return (Connection)
        Proxy.newProxyInstance(
            WhatIf.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private static String rewriteLineage(String sql) {
    if (!sql.startsWith("WITH RECURSIVE walk(")) {
      return sql;
    }
    boolean up =
        sql.contains(" JOIN run_outputs n ON n.version_id = w.version_id JOIN run_inputs f");
    boolean down =
        sql.contains(" JOIN run_inputs n ON n.version_id = w.version_id JOIN run_outputs f");
    if (up == down) {
      throw new IllegalStateException("unexpected lineage query: " + sql);
    }
    return up ? lineageFix("run_outputs", "run_inputs") : lineageFix("run_inputs", "run_outputs");
  }

  /** A statement whose close() only readies it for the next use; unwrap gives the real one. */
  private static PreparedStatement reusable(PreparedStatement real) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "close":
              real.clearParameters();
              real.clearBatch();
              return null;
            case "isClosed":
              return false;
            case "unwrap":
              return real;
            default:
              return invoke(real, method, args);
          }
        };
    return (PreparedStatement)
        Proxy.newProxyInstance(
            WhatIf.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
