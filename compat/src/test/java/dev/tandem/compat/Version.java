package dev.tandem.compat;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two application versions of the scenario, and how each one names and types the moved columns:
 * the rename {@code customer.email -> email_address} and the type change
 * {@code product.price_cents} (integer cents) {@code -> price} (a decimal amount).
 */
enum Version {
  OLD("email", "price_cents"),
  NEW("email_address", "price");

  private final String emailColumn;
  private final String priceColumn;

  Version(String emailColumn, String priceColumn) {
    this.emailColumn = emailColumn;
    this.priceColumn = priceColumn;
  }

  String emailColumn() {
    return emailColumn;
  }

  String priceColumn() {
    return priceColumn;
  }

  /** A price in this version's type: an {@code Integer} of cents, or a {@code BigDecimal} amount. */
  Object price(long cents) {
    return this == OLD ? (Object) Math.toIntExact(cents) : BigDecimal.valueOf(cents, 2);
  }

  /**
   * A price read in this version's column, back in cents. Accepts any number a driver may answer
   * with (a rewritten read can come back as a wider type, e.g. {@code ROUND(price * 100.0)}).
   */
  long cents(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("a NULL price in " + priceColumn);
    }
    BigDecimal number = value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    if (this == NEW) {
      number = number.movePointRight(2);
    }
    return number.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
  }
}
