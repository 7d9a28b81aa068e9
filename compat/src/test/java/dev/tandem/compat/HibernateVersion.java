package dev.tandem.compat;

import dev.tandem.compat.HibernateMappings.Customer;
import dev.tandem.compat.HibernateMappings.CustomerV1;
import dev.tandem.compat.HibernateMappings.CustomerV2;
import dev.tandem.compat.HibernateMappings.Product;
import dev.tandem.compat.HibernateMappings.ProductV1;
import dev.tandem.compat.HibernateMappings.ProductV2;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.cfg.Configuration;

/**
 * An application version written with Hibernate ORM through JPA: batched {@code persist}s,
 * {@code merge} of detached entities, dirty checking, a JPQL query and a criteria query. Each
 * version has its own EntityManagerFactory, configured by JPA properties with the Tandem URL.
 */
final class HibernateVersion implements AppVersion, AutoCloseable {
  private final EntityManagerFactory emf;
  private final Class<? extends Customer> customerType;
  private final Class<? extends Product> productType;

  private HibernateVersion(EntityManagerFactory emf, Class<? extends Customer> customerType,
      Class<? extends Product> productType) {
    this.emf = emf;
    this.customerType = customerType;
    this.productType = productType;
  }

  /** The version's EntityManagerFactory, from nothing but JPA and Hibernate properties. */
  static HibernateVersion open(Version version, String tandemUrl) {
    Class<? extends Customer> customer = version == Version.OLD ? CustomerV1.class : CustomerV2.class;
    Class<? extends Product> product = version == Version.OLD ? ProductV1.class : ProductV2.class;
    Configuration configuration = new Configuration()
        .addAnnotatedClass(customer)
        .addAnnotatedClass(product)
        .setProperty("jakarta.persistence.jdbc.url", tandemUrl)
        .setProperty("jakarta.persistence.jdbc.driver", "dev.tandem.TandemDriver")
        .setProperty("hibernate.connection.pool_size", "4")
        .setProperty("hibernate.jdbc.batch_size", "10")
        .setProperty("hibernate.order_inserts", "true")
        .setProperty("hibernate.order_updates", "true");
    return new HibernateVersion(configuration.buildSessionFactory(), customer, product);
  }

  EntityManagerFactory entityManagerFactory() {
    return emf;
  }

  @Override
  public void insertCustomers(Map<Long, String> emailById) {
    inTransactionDo(em -> emailById.forEach((id, email) -> {
      Customer customer = create(customerType, id);
      customer.email = email;
      em.persist(customer);
    }));
  }

  /** Loads the customer in one persistence context, changes it detached, merges it in another. */
  @Override
  public void updateEmail(long id, String email) {
    Customer detached = inTransaction(em -> em.find(customerType, id));
    detached.email = email;
    inTransaction(em -> em.merge(detached));
  }

  @Override
  public Map<Long, String> emails() {
    String jpql = "select c from " + customerType.getSimpleName() + " c order by c.id";
    return inTransaction(em -> {
      Map<Long, String> emails = new TreeMap<>();
      em.createQuery(jpql, customerType).getResultList()
          .forEach(c -> emails.put(c.id, c.email));
      return emails;
    });
  }

  @Override
  public void insertProducts(Map<Long, Long> centsById) {
    inTransactionDo(em -> centsById.forEach((id, cents) -> {
      Product product = create(productType, id);
      product.name = "p" + id;
      product.cents(cents);
      em.persist(product);
    }));
  }

  /** Changes a managed product; Hibernate's dirty checking writes it at commit. */
  @Override
  public void updatePrice(long id, long cents) {
    inTransactionDo(em -> em.find(productType, id).cents(cents));
  }

  @Override
  public Map<Long, Long> pricesInCents() {
    return inTransaction(em -> {
      CriteriaBuilder cb = em.getCriteriaBuilder();
      CriteriaQuery<? extends Product> query = cb.createQuery(productType);
      Root<? extends Product> product = query.from(productType);
      query.where(cb.like(product.get("name"), "p%")).orderBy(cb.asc(product.get("id")));
      Map<Long, Long> prices = new TreeMap<>();
      em.createQuery(query).getResultList().forEach(p -> prices.put(p.id, p.cents()));
      return prices;
    });
  }

  /** Runs {@code work} in a transaction of a new EntityManager, and returns its result. */
  <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      T result = work.apply(em);
      em.getTransaction().commit();
      return result;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  void inTransactionDo(Consumer<EntityManager> work) {
    inTransaction(em -> {
      work.accept(em);
      return null;
    });
  }

  private static <T extends HibernateMappings.Row> T create(Class<T> type, long id) {
    try {
      T row = type.getDeclaredConstructor().newInstance();
      row.id = id;
      return row;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    emf.close();
  }
}
