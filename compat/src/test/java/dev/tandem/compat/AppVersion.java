package dev.tandem.compat;

import java.util.Map;

/**
 * What one application version does with the two moved tables, written with one stack's API. The
 * old version knows {@code customer.email} and {@code product.price_cents}, the new one
 * {@code customer.email_address} and {@code product.price}; both speak in the same units here (an
 * email, a price in cents), so {@link MigrationScenario} can compare what each one reads.
 */
interface AppVersion {

  /** Inserts customers by id (in one batch where the stack batches). */
  void insertCustomers(Map<Long, String> emailById);

  void updateEmail(long id, String email);

  /** Every customer's email, as this version reads it. */
  Map<Long, String> emails();

  /** Inserts products by id, named {@code p<id>} (in one batch where the stack batches). */
  void insertProducts(Map<Long, Long> centsById);

  void updatePrice(long id, long cents);

  /** Every product's price in cents, as this version reads it. */
  Map<Long, Long> pricesInCents();
}
