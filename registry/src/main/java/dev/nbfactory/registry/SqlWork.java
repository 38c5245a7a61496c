package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work against one connection; may be run again if its transaction is retried. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
