package dev.tandem.cli;

import dev.tandem.dialect.Dialect;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Database triggers that keep a move's two columns in step for writers that bypass Tandem (a batch
 * job on another driver, a DBA at a console) — the approach of the Keystone project, as a safety
 * net beside the driver. Statements written through Tandem already fill both columns, so the
 * triggers leave them alone.
 *
 * <ul>
 *   <li>On insert, whichever of the two columns is NULL is filled from the other
 *       ({@code to = forward(from)}, {@code from = backward(to)}).
 *   <li>On update, when only one of the two changed, the other is recomputed from it; when both
 *       changed (a Tandem write) or neither, nothing is done.
 *   <li>A one-way move only ever fills {@code to}: it has no backward transform.
 * </ul>
 *
 * <p>PostgreSQL gets a PL/pgSQL function and one {@code BEFORE INSERT OR UPDATE} trigger; MariaDB
 * (and MySQL) a {@code BEFORE INSERT} and a {@code BEFORE UPDATE} trigger whose bodies are a single
 * {@code SET}, so the script runs without the {@code DELIMITER} command. The create script drops
 * what it replaces first, so it can be run again. H2 is not supported: its triggers are Java classes.
 *
 * <p>The triggers name both columns: drop them before the contract migration drops {@code from}.
 */
public final class TriggerScripts {
  /** What every trigger and function name starts with, so that operators can tell them apart. */
  public static final String PREFIX = "tandem_sync_";
  private static final String BODY_QUOTE = "$tandem$";

  private final Dialect dialect;

  private TriggerScripts(Dialect dialect) {
    this.dialect = dialect;
  }

  /**
   * The scripts for {@code dialect}.
   *
   * @throws IllegalArgumentException for a dialect without SQL triggers (H2, generic)
   */
  public static TriggerScripts of(Dialect dialect) {
    if (dialect != Dialect.POSTGRESQL && dialect != Dialect.MARIADB) {
      throw new IllegalArgumentException("triggers can be written for postgresql and mariadb (or mysql), not for "
          + dialect.name().toLowerCase(Locale.ROOT) + (dialect == Dialect.H2 ? ": H2 triggers are Java classes" : ""));
    }
    return new TriggerScripts(dialect);
  }

  /** The statements that install the triggers of {@code move}, without terminating semicolons. */
  public List<String> create(MoveRule move) {
    if (move.split() != null) {
      return new SplitTriggerScripts(dialect).create(move, drop(move));
    }
    return dialect == Dialect.POSTGRESQL ? createPostgresql(move) : createMariadb(move);
  }

  /** The statements that remove them again. */
  public List<String> drop(MoveRule move) {
    if (move.split() != null && !move.split().first()) {
      return List.of(); // a split's triggers belong to its first piece (SplitTriggerScripts)
    }
    String table = new MoveSql(move, dialect).table();
    if (dialect == Dialect.POSTGRESQL) {
      return List.of(
          "DROP TRIGGER IF EXISTS " + name(move, "") + " ON " + table,
          "DROP FUNCTION IF EXISTS " + inSchema(move, name(move, "")) + "()");
    }
    return List.of(
        "DROP TRIGGER IF EXISTS " + inSchema(move, name(move, "_bi")),
        "DROP TRIGGER IF EXISTS " + inSchema(move, name(move, "_bu")));
  }

  private List<String> createPostgresql(MoveRule move) {
    Columns c = new Columns(move);
    StringBuilder body = new StringBuilder()
        .append("BEGIN\n")
        .append("  IF TG_OP = 'INSERT' THEN\n")
        .append("    IF ").append(c.newTo).append(" IS NULL THEN ").append(c.newTo).append(" := ").append(c.forward)
        .append("; END IF;\n");
    if (c.backward != null) {
      body.append("    IF ").append(c.newFrom).append(" IS NULL THEN ").append(c.newFrom).append(" := ")
          .append(c.backward).append("; END IF;\n");
    }
    body.append("  ELSIF ").append(c.changed(c.newFrom, c.oldFrom)).append(" AND ").append(c.same(c.newTo, c.oldTo))
        .append(" THEN\n    ").append(c.newTo).append(" := ").append(c.forward).append(";\n");
    if (c.backward != null) {
      body.append("  ELSIF ").append(c.changed(c.newTo, c.oldTo)).append(" AND ").append(c.same(c.newFrom, c.oldFrom))
          .append(" THEN\n    ").append(c.newFrom).append(" := ").append(c.backward).append(";\n");
    }
    body.append("  END IF;\n  RETURN NEW;\nEND");
    if (body.indexOf(BODY_QUOTE) >= 0) {
      throw new IllegalArgumentException(move.describe() + ": a transform contains " + BODY_QUOTE
          + ", which quotes the trigger function's body");
    }
    String function = inSchema(move, name(move, ""));
    String table = new MoveSql(move, dialect).table();
    return List.of(
        "CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS " + BODY_QUOTE + "\n"
            + body + "\n" + BODY_QUOTE,
        "DROP TRIGGER IF EXISTS " + name(move, "") + " ON " + table,
        "CREATE TRIGGER " + name(move, "") + " BEFORE INSERT OR UPDATE ON " + table
            + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");
  }

  private List<String> createMariadb(MoveRule move) {
    Columns c = new Columns(move);
    String table = new MoveSql(move, dialect).table();
    // Assignments in one SET run left to right, so the second sees the first's result. That is
    // safe here: when the first fills `to`, `from` changed, so the second's condition is false.
    String onInsert = "SET " + c.newTo + " = IF(" + c.newTo + " IS NULL, " + c.forward + ", " + c.newTo + ")"
        + (c.backward == null ? ""
            : ",\n    " + c.newFrom + " = IF(" + c.newFrom + " IS NULL, " + c.backward + ", " + c.newFrom + ")");
    String onUpdate = "SET " + c.newTo + " = IF(" + c.changed(c.newFrom, c.oldFrom) + " AND " + c.same(c.newTo, c.oldTo)
        + ", " + c.forward + ", " + c.newTo + ")"
        + (c.backward == null ? ""
            : ",\n    " + c.newFrom + " = IF(" + c.changed(c.newTo, c.oldTo) + " AND " + c.same(c.newFrom, c.oldFrom)
                + ", " + c.backward + ", " + c.newFrom + ")");
    List<String> drop = drop(move);
    return List.of(
        drop.get(0),
        "CREATE TRIGGER " + inSchema(move, name(move, "_bi")) + " BEFORE INSERT ON " + table + " FOR EACH ROW\n  "
            + onInsert,
        drop.get(1),
        "CREATE TRIGGER " + inSchema(move, name(move, "_bu")) + " BEFORE UPDATE ON " + table + " FOR EACH ROW\n  "
            + onUpdate);
  }

  /** The column references and transforms a trigger body uses. */
  private final class Columns {
    final String newFrom;
    final String newTo;
    final String oldFrom;
    final String oldTo;
    final String forward;
    final String backward;

    Columns(MoveRule move) {
      newFrom = "NEW." + move.from().sql(dialect);
      newTo = "NEW." + move.to().sql(dialect);
      oldFrom = "OLD." + move.from().sql(dialect);
      oldTo = "OLD." + move.to().sql(dialect);
      forward = move.forward().apply(newFrom);
      backward = move.oneWay() ? null : move.backward().apply(newTo);
    }

    String changed(String a, String b) {
      return MoveSql.distinct(dialect, a, b);
    }

    String same(String a, String b) {
      return MoveSql.same(dialect, a, b);
    }
  }

  /**
   * {@code tandem_sync_<table>_<to><suffix>}, lower case, within the 63 characters PostgreSQL and
   * 64 MariaDB allow; a name that would be longer is cut and made unique again by a hash.
   */
  static String name(MoveRule move, String suffix) {
    String base = PREFIX + move.table().table().name() + "_" + move.to().name();
    String clean = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    int room = 63 - suffix.length();
    if (clean.length() > room) {
      CRC32 crc = new CRC32();
      crc.update(base.getBytes(StandardCharsets.UTF_8));
      String hash = String.format("%08x", crc.getValue());
      clean = clean.substring(0, room - hash.length() - 1) + "_" + hash;
    }
    return clean + suffix;
  }

  static String inSchema(MoveRule move, String name, Dialect dialect) {
    Identifier schema = move.table().schema();
    return schema == null ? name : schema.sql(dialect) + "." + name;
  }

  private String inSchema(MoveRule move, String name) {
    Identifier schema = move.table().schema();
    return schema == null ? name : schema.sql(dialect) + "." + name;
  }
}
