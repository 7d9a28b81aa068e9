package dev.tandem.compat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * An application version written with Spring's {@link JdbcTemplate} and
 * {@link NamedParameterJdbcTemplate}: batch inserts through both, single updates and queries.
 */
final class JdbcTemplateVersion implements AppVersion {
  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;
  private final Version version;

  JdbcTemplateVersion(JdbcTemplate jdbc, Version version) {
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
    this.version = version;
  }

  @Override
  public void insertCustomers(Map<Long, String> emailById) {
    SqlParameterSource[] rows = emailById.entrySet().stream()
        .map(e -> new MapSqlParameterSource("id", e.getKey()).addValue("email", e.getValue()))
        .toArray(SqlParameterSource[]::new);
    named.batchUpdate("INSERT INTO customer (id, " + version.emailColumn() + ") VALUES (:id, :email)", rows);
  }

  @Override
  public void updateEmail(long id, String email) {
    jdbc.update("UPDATE customer SET " + version.emailColumn() + " = ? WHERE id = ?", email, id);
  }

  @Override
  public Map<Long, String> emails() {
    Map<Long, String> emails = new TreeMap<>();
    jdbc.query("SELECT id, " + version.emailColumn() + " FROM customer ORDER BY id",
        rs -> {
          emails.put(rs.getLong(1), rs.getString(2));
        });
    return emails;
  }

  @Override
  public void insertProducts(Map<Long, Long> centsById) {
    List<Object[]> rows = centsById.entrySet().stream()
        .map(e -> new Object[] {e.getKey(), "p" + e.getKey(), version.price(e.getValue())})
        .toList();
    jdbc.batchUpdate("INSERT INTO product (id, name, " + version.priceColumn() + ") VALUES (?, ?, ?)", rows);
  }

  @Override
  public void updatePrice(long id, long cents) {
    named.update("UPDATE product SET " + version.priceColumn() + " = :price WHERE id = :id",
        Map.of("price", version.price(cents), "id", id));
  }

  @Override
  public Map<Long, Long> pricesInCents() {
    Map<Long, Long> prices = new TreeMap<>();
    named.query("SELECT p.id, p." + version.priceColumn() + " AS price FROM product p WHERE p.name LIKE :prefix",
        Map.of("prefix", "p%"), rs -> {
          prices.put(rs.getLong("id"), version.cents(rs.getObject("price")));
        });
    return prices;
  }
}
