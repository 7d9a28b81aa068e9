package dev.tandem.testing;

import dev.tandem.dialect.Dialect;

/** The database engines the end-to-end tests run on. */
public enum Engine {
  H2(Dialect.H2),
  POSTGRESQL(Dialect.POSTGRESQL),
  MARIADB(Dialect.MARIADB);

  private final Dialect dialect;

  Engine(Dialect dialect) {
    this.dialect = dialect;
  }

  public Dialect dialect() {
    return dialect;
  }
}
