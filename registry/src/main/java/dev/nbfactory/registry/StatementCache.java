package dev.nbfactory.registry;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the prepared statements of one connection for reuse: recording a run issues the same few
 * dozen statements again and again, and preparing them anew each time was a third of the work. The
 * connection it hands out returns a cached statement from {@code prepareStatement(String)}; that
 * statement's {@code close()} only clears its parameters and batch.
 */
final class StatementCache {
  private static final int CAPACITY = 128;

  private final Connection connection;
  private final Map<String, PreparedStatement> statements =
      new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() > CAPACITY) {
            closeQuietly(eldest.getValue());
            return true;
          }
          return false;
        }
      };
  private final Connection caching;

  StatementCache(Connection connection) {
    this.connection = connection;
    this.caching =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new ConnectionHandler());
  }

  /** The connection whose single-argument {@code prepareStatement} is served from the cache. */
  Connection connection() {
    return caching;
  }

  /** Closes every cached statement (before the connection itself is closed). */
  void clear() {
    statements.values().forEach(StatementCache::closeQuietly);
    statements.clear();
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement cached = statements.get(sql);
    if (cached == null || cached.isClosed()) {
      cached = connection.prepareStatement(sql);
      statements.put(sql, cached);
    }
    PreparedStatement statement = cached;
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                statement.clearParameters();
                statement.clearBatch();
                return null;
              }
              return invoke(statement, method, args);
            });
  }

  private final class ConnectionHandler implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("prepareStatement")
          && method.getParameterCount() == 1
          && args[0] instanceof String sql) {
        return prepare(sql);
      }
      return StatementCache.invoke(connection, method, args);
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // The connection is going away or the statement is already unusable: nothing to keep.
    }
  }
}
