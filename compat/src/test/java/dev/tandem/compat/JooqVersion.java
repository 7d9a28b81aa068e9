package dev.tandem.compat;

import dev.tandem.testing.Engine;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * An application version written with jOOQ's DSL (no code generation; names qualified, as generated
 * code has them, and quoted, as jOOQ quotes them by default): a multi-row insert, a batch insert, updates, selects, and upserts for price changes
 * ({@code onConflict().doUpdate()} with {@code excluded(…)} on PostgreSQL and H2,
 * {@code onDuplicateKeyUpdate()} on MariaDB).
 */
final class JooqVersion implements AppVersion {
  static final Table<?> CUSTOMER = DSL.table(DSL.name("customer"));
  static final Field<Long> CUSTOMER_ID = DSL.field(DSL.name("customer", "id"), Long.class);
  static final Table<?> PRODUCT = DSL.table(DSL.name("product"));
  static final Field<Long> PRODUCT_ID = DSL.field(DSL.name("product", "id"), Long.class);
  static final Field<String> NAME = DSL.field(DSL.name("product", "name"), String.class);

  private final DSLContext dsl;
  private final Engine engine;
  private final Field<String> email;
  private final Field<Object> price;
  private final Version version;

  JooqVersion(DSLContext dsl, Engine engine, Version version) {
    this.dsl = dsl;
    this.engine = engine;
    this.version = version;
    this.email = DSL.field(DSL.name("customer", version.emailColumn()), String.class);
    this.price = DSL.field(DSL.name("product", version.priceColumn()));
  }

  /**
   * {@code DSL.using(dataSource, dialect)}. On H2, names are rendered upper case, as jOOQ's code
   * generator would name H2's unquoted tables.
   */
  static DSLContext using(DataSource dataSource, Engine engine) {
    return switch (engine) {
      case POSTGRESQL -> DSL.using(dataSource, SQLDialect.POSTGRES);
      case MARIADB -> DSL.using(dataSource, SQLDialect.MARIADB);
      case H2 -> DSL.using(dataSource, SQLDialect.H2, new Settings().withRenderNameCase(RenderNameCase.UPPER));
    };
  }

  /** The price column of this version, untyped: an integer of cents or a decimal amount. */
  Field<Object> price() {
    return price;
  }

  @Override
  public void insertCustomers(Map<Long, String> emailById) {
    var insert = dsl.insertInto(CUSTOMER, CUSTOMER_ID, email);
    emailById.forEach(insert::values);
    insert.execute();
  }

  @Override
  public void updateEmail(long id, String value) {
    dsl.update(CUSTOMER).set(email, value).where(CUSTOMER_ID.eq(id)).execute();
  }

  @Override
  public Map<Long, String> emails() {
    Map<Long, String> emails = new TreeMap<>();
    dsl.select(CUSTOMER_ID, email).from(CUSTOMER).orderBy(CUSTOMER_ID).forEach(r -> emails.put(r.value1(), r.value2()));
    return emails;
  }

  @Override
  public void insertProducts(Map<Long, Long> centsById) {
    BatchBindStep batch = dsl.batch(dsl.insertInto(PRODUCT, PRODUCT_ID, NAME, price).values((Long) null, null, null));
    centsById.forEach((id, cents) -> batch.bind(id, "p" + id, version.price(cents)));
    batch.execute();
  }

  /** An upsert, as applications write "set the price of this product, creating it if need be". */
  @Override
  public void updatePrice(long id, long cents) {
    Object value = version.price(cents);
    var insert = dsl.insertInto(PRODUCT, PRODUCT_ID, NAME, price).values(id, "p" + id, value);
    // set(Map): with an untyped Field<Object>, set(field, value) cannot tell a value from a field.
    if (engine == Engine.MARIADB) {
      insert.onDuplicateKeyUpdate().set(Map.of(price, DSL.val(value))).execute();
    } else {
      insert.onConflict(PRODUCT_ID).doUpdate().set(Map.of(price, DSL.excluded(price))).execute();
    }
  }

  @Override
  public Map<Long, Long> pricesInCents() {
    Map<Long, Long> prices = new TreeMap<>();
    dsl.select(PRODUCT_ID, price).from(PRODUCT).where(NAME.like("p%")).orderBy(PRODUCT_ID)
        .forEach(r -> prices.put(r.value1(), version.cents(r.value2())));
    return prices;
  }
}
