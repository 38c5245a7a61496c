package dev.nbfactory.runner.schedule;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.quartz.utils.ConnectionProvider;

/**
 * Connections for Quartz's JDBC job store to the registry's PostgreSQL database, with a small pool
 * of idle ones (Quartz takes one for each short transaction, every check-in). Quartz makes it from
 * {@code org.quartz.dataSource.registry.connectionProvider.class} and sets {@link #setUrl}.
 */
public final class QuartzConnections implements ConnectionProvider {
  private static final int MAX_IDLE = 8;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private String url;

  public void setUrl(String value) {
    this.url = value;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      if (c.isValid(2)) {
        return pooled(c);
      }
      c.close();
    }
    return pooled(DriverManager.getConnection(url));
  }

  private Connection pooled(Connection real) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                if (!real.isClosed() && idle.size() < MAX_IDLE) {
                  if (!real.getAutoCommit()) {
                    real.rollback();
                  }
                  idle.addFirst(real);
                } else {
                  real.close();
                }
                return null;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public void shutdown() throws SQLException {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }

  @Override
  public void initialize() {
    if (url == null) {
      throw new IllegalStateException("QuartzConnections needs a url");
    }
  }
}
