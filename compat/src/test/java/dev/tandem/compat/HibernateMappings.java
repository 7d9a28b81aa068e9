package dev.tandem.compat;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;

/**
 * The JPA mappings of the two application versions: each maps the same two tables, the old one
 * with {@code customer.email} and {@code product.price_cents} (an {@code Integer}), the new one with
 * {@code customer.email_address} and {@code product.price} (a {@code BigDecimal}). Both use
 * optimistic locking on {@code version}. Each version's pair lives in its own EntityManagerFactory.
 */
final class HibernateMappings {
  private HibernateMappings() {}

  /** What every mapping has: an assigned id (so inserts batch) and an optimistic-lock version. */
  @MappedSuperclass
  public abstract static class Row {
    @Id
    public Long id;

    @Version
    public int version;
  }

  /** A customer; the versions differ only in the column that holds the email. */
  @MappedSuperclass
  public abstract static class Customer extends Row {
    public String email;
  }

  @Entity(name = "CustomerV1")
  @Table(name = "customer")
  public static class CustomerV1 extends Customer {}

  @Entity(name = "CustomerV2")
  @Table(name = "customer")
  @AttributeOverride(name = "email", column = @Column(name = "email_address"))
  public static class CustomerV2 extends Customer {}

  /** A product; the versions differ in the column and the type of the price. */
  @MappedSuperclass
  public abstract static class Product extends Row {
    public String name;

    /** The price in cents, whatever this version stores. */
    public abstract long cents();

    public abstract void cents(long cents);
  }

  @Entity(name = "ProductV1")
  @Table(name = "product")
  public static class ProductV1 extends Product {
    @Column(name = "price_cents")
    public Integer priceCents;

    @Override
    public long cents() {
      return priceCents;
    }

    @Override
    public void cents(long value) {
      priceCents = Math.toIntExact(value);
    }
  }

  @Entity(name = "ProductV2")
  @Table(name = "product")
  public static class ProductV2 extends Product {
    @Column(name = "price", precision = 12, scale = 2)
    public BigDecimal price;

    @Override
    public long cents() {
      return dev.tandem.compat.Version.NEW.cents(price);
    }

    @Override
    public void cents(long value) {
      price = (BigDecimal) dev.tandem.compat.Version.NEW.price(value);
    }
  }
}
