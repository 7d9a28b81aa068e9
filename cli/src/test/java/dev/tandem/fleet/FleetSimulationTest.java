package dev.tandem.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Backfill;
import dev.tandem.cli.BackfillDirection;
import dev.tandem.dialect.Dialect;
import dev.tandem.jdbc.TandemConfig;
import dev.tandem.jdbc.TandemConnection;
import dev.tandem.metrics.TandemMetrics;
import dev.tandem.rewrite.MoveRewriter;
import dev.tandem.jdbc.PlanCache;
import dev.tandem.rules.Identifier;
import dev.tandem.rules.MoveRule;
import dev.tandem.rules.Phase;
import dev.tandem.rules.RuleSet;
import dev.tandem.rules.TableName;
import dev.tandem.rules.Transform;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A deterministic simulation of a fleet switching phases (SPEC §9): instances that are real Tandem
 * connections over one H2 database, each with its own rule view, registry view and poll moments, driven
 * by a seeded scheduler through random interleavings of rule polls, lease renewals (some lost), writes and
 * reads by old and new application versions, pauses and kills; and an operator that walks the move
 * none → expand → migrated → contract → migrated (rollback) → migrated, running each backfill and each
 * next revision only when the gates allow (the fleet converged on the newest revision and every live
 * instance renewed since).
 *
 * <p>The registry and the rule table are modelled in memory on a logical clock, so that leases are
 * deterministic; the SQL is the real thing. Asserted: every read through any instance returns the value
 * last written through any instance, and at the end every row has both columns equal to that value.
 * With the two-step rule removed (every instance serves the revision it applies), the same runs fail.
 */
class FleetSimulationTest {
  private static final int SEEDS = 12;
  private static final int STEPS = 2500;
  private static final int LEASE = 40;
  private static final int ROWS = 6;
  private static final MoveRule MOVE = new MoveRule("item.a->b", TableName.parse("item"), Identifier.parse("a"),
      Identifier.parse("b"), Transform.identityForward(), Transform.identityBackward(), Phase.EXPAND, 0);
  private static final List<RuleSet> REVISIONS = List.of(
      new RuleSet(1, List.of(), "r0", "r0"),
      rules(Phase.EXPAND, 1), rules(Phase.MIGRATED, 2), rules(Phase.CONTRACT, 3), rules(Phase.MIGRATED, 4),
      rules(Phase.MIGRATED, 5));

  private static RuleSet rules(Phase phase, int n) {
    return new RuleSet(1, List.of(MOVE.withPhase(phase)), "r" + n, "r" + n);
  }

  /** How an instance turns the revision it applies, the one before it and its view of the fleet into rules. */
  interface Combination {
    RuleSet rules(RuleSet applied, RuleSet previous, List<RuleSet> live);
  }

  @Test
  void twoStepRule_keepsEveryReadFreshAndEveryRowWhole() throws Exception {
    for (int seed = 1; seed <= SEEDS; seed++) {
      Outcome outcome = new Fleet(seed, FleetPhases::effective).run();
      assertThat(outcome.problems).as("seed %d", seed).isEmpty();
      assertThat(outcome.finalRevision).as("seed %d walked the move to the end", seed).isEqualTo(REVISIONS.size() - 1);
      assertThat(outcome.reads).as("seed %d", seed).isGreaterThan(100);
    }
  }

  @Test
  void withoutTheTwoStepRule_theSameRunsReadStaleValues() throws Exception {
    int failing = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      List<String> problems = new Fleet(seed, (applied, previous, live) -> applied).run().problems;
      if (!problems.isEmpty()) {
        System.out.println("EXPERIMENT seed " + seed + ": " + problems.get(0));
        failing++;
      }
    }
    assertThat(failing).as("seeds that fail without the two-step rule").isGreaterThan(SEEDS / 2);
  }

  /** What a run found. */
  record Outcome(List<String> problems, int finalRevision, int reads) {}

  /** One run: the database, the instances, the registry and the operator. */
  static final class Fleet {
    private final Random random;
    private final Combination combination;
    private final Connection raw;
    private final List<Instance> instances = new ArrayList<>();
    private final Map<Integer, String> truth = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int now;
    private int latest;
    private int convergedSince = -1;
    private int nextId = ROWS + 1;
    private int reads;
    private int written;
    private boolean backfilled;

    Fleet(int seed, Combination combination) throws SQLException {
      this.random = new Random(seed);
      this.combination = combination;
      this.raw = DriverManager.getConnection("jdbc:h2:mem:fleetsim" + seed + combination.hashCode()
          + ";DB_CLOSE_DELAY=-1");
      try (Statement s = raw.createStatement()) {
        s.execute("CREATE TABLE item (id INT PRIMARY KEY, a VARCHAR(40), b VARCHAR(40))");
        for (int id = 1; id <= ROWS; id++) {
          s.execute("INSERT INTO item (id, a) VALUES (" + id + ", 'v" + id + "')");
          truth.put(id, "v" + id);
        }
      }
    }

    Outcome run() throws Exception {
      try {
        for (int i = 0; i < 4; i++) {
          start(false);
        }
        for (int step = 0; step < STEPS && problems.isEmpty(); step++) {
          now++;
          if (random.nextInt(8) == 0) {
            operator();
          }
          act();
          rowsWhole();
        }
        finalCheck();
        return new Outcome(List.copyOf(problems), latest, reads);
      } finally {
        for (Instance i : instances) {
          i.connection.close();
        }
        try (Statement s = raw.createStatement()) {
          s.execute("SHUTDOWN");
        }
        raw.close();
      }
    }

    private void start(boolean newVersion) throws SQLException {
      Instance i = new Instance(instances.size(), newVersion);
      instances.add(i);
      i.poll();
      i.renew();
    }

    private void act() throws SQLException {
      List<Instance> running = new ArrayList<>();
      for (Instance i : instances) {
        if (!i.killed) {
          running.add(i);
        }
      }
      if (running.size() < 3 || random.nextInt(150) == 0) {
        // A new application version starts once the move exists; before, only old ones can.
        start(REVISIONS.get(latest).move(MOVE.name()) != null && random.nextBoolean());
        return;
      }
      Instance i = running.get(random.nextInt(running.size()));
      if (i.pausedUntil > now) {
        return;
      }
      int dice = random.nextInt(100);
      if (dice < 1) {
        i.killed = true;
      } else if (dice < 3) {
        i.pausedUntil = now + random.nextInt(2 * LEASE);
      } else if (dice < 23) {
        if (random.nextInt(5) > 0) {
          i.renew();
        }
      } else if (dice < 33) {
        i.poll();
      } else if (dice < 66) {
        i.write();
      } else {
        i.read();
      }
    }

    /** The live instances, as the registry sees them now. */
    private List<Instance> live() {
      List<Instance> live = new ArrayList<>();
      for (Instance i : instances) {
        if (i.leaseUntil > now) {
          live.add(i);
        }
      }
      return live;
    }

    /** The operator: one gated step of the walk, when the fleet allows it. */
    private void operator() throws Exception {
      if (latest == REVISIONS.size() - 1) {
        return;
      }
      boolean converged = true;
      for (Instance i : live()) {
        converged &= i.reported == latest;
      }
      if (!converged) {
        convergedSince = -1;
        return;
      }
      if (convergedSince < 0) {
        convergedSince = now;
        return;
      }
      for (Instance i : live()) {
        if (i.renewedAt <= convergedSince) {
          return;
        }
      }
      Phase phase = phaseOf(REVISIONS.get(latest));
      if (phase == Phase.EXPAND && !backfilled) {
        backfill(BackfillDirection.FORWARD);
        if (count("b IS NULL AND a IS NOT NULL") > 0) {
          return;
        }
      } else if (latest == 4 && !backfilled) {
        backfill(BackfillDirection.BACKWARD);
      }
      latest++;
      backfilled = false;
      convergedSince = -1;
    }

    private void backfill(BackfillDirection direction) throws Exception {
      Backfill.of(REVISIONS.get(latest).move(MOVE.name()), direction).batchSize(2).run(raw, Dialect.H2);
      backfilled = true;
    }

    private long count(String where) throws SQLException {
      try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item WHERE " + where)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    /**
     * Before contract is published, every instance writes {@code from}, so a row must never hold a value in
     * {@code to} other than {@code forward(from)}: NULL (not filled yet, or cleared) or the same value.
     */
    private void rowsWhole() throws SQLException {
      if (latest <= 2 && problems.isEmpty()) {
        long diverged = count("b IS NOT NULL AND (a IS NULL OR b <> a)");
        if (diverged > 0) {
          problems.add("tick " + now + ": " + diverged + " rows hold a value in b that is not a, at revision "
              + latest);
        }
      }
    }

    private void finalCheck() throws SQLException {
      if (!problems.isEmpty() || latest != REVISIONS.size() - 1) {
        return;
      }
      try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT id, a, b FROM item ORDER BY id")) {
        while (rs.next()) {
          String expected = truth.get(rs.getInt(1));
          if (!expected.equals(rs.getString(2)) || !expected.equals(rs.getString(3))) {
            problems.add("row " + rs.getInt(1) + " diverged: a=" + rs.getString(2) + ", b=" + rs.getString(3)
                + ", last written " + expected);
          }
        }
      }
    }

    private static Phase phaseOf(RuleSet rules) {
      MoveRule m = rules.move(MOVE.name());
      return m == null ? null : m.phase();
    }

    /** One application instance: its version, its rules, its view of the registry, its lease. */
    final class Instance {
      final int id;
      final boolean newVersion;
      final TandemConnection connection;
      int applied = -1;
      int reported = -1;
      int renewedAt = -1;
      int leaseUntil;
      int pausedUntil;
      boolean killed;
      List<RuleSet> view = List.of();
      volatile RuleSet effective = RuleSet.empty();

      Instance(int id, boolean newVersion) throws SQLException {
        this.id = id;
        this.newVersion = newVersion;
        Connection vendor = DriverManager.getConnection(((org.h2.jdbc.JdbcConnection) raw).getMetaData().getURL());
        TandemConfig config = TandemConfig.resolve(Map.of(), null, new Properties(), Map.of());
        this.connection = TandemConnection.wrap(vendor, config, Dialect.H2, () -> effective, true, new MoveRewriter(),
            new PlanCache(64), TandemMetrics.NOOP, () -> { });
      }

      /** Loads the newest revision (its own poll moment); it reports it at its next renewal. */
      void poll() {
        applied = latest;
        recompute();
      }

      /**
       * Renews the lease: reports the revision it applies and reads which revisions the live instances apply.
       * An instance whose lease lapsed was not waited for, so the fleet may have moved on: it rejoins at the
       * newest revision, never with the one it had.
       */
      void renew() {
        if (!serving()) {
          applied = latest;
        }
        reported = applied;
        renewedAt = now;
        leaseUntil = now + LEASE;
        List<RuleSet> seen = new ArrayList<>();
        for (Instance i : live()) {
          seen.add(REVISIONS.get(i.reported));
        }
        view = seen;
        recompute();
      }

      private void recompute() {
        RuleSet previous = applied == 0 ? REVISIONS.get(0) : REVISIONS.get(applied - 1);
        effective = combination.rules(REVISIONS.get(applied), previous, view);
      }

      /** Whether its own lease holds: an instance whose lease lapsed serves nothing on the moved table. */
      private boolean serving() {
        return now < leaseUntil;
      }

      /** The column this version of the application names. */
      private String column() {
        return newVersion ? "b" : "a";
      }

      void write() throws SQLException {
        if (!serving()) {
          return;
        }
        String value = "w" + (++written);
        boolean insert = random.nextInt(6) == 0;
        int row = insert ? nextId : 1 + random.nextInt(nextId - 1);
        String sql = insert ? "INSERT INTO item (id, " + column() + ") VALUES (?, ?)"
            : "UPDATE item SET " + column() + " = ? WHERE id = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
          ps.setObject(insert ? 2 : 1, value);
          ps.setInt(insert ? 1 : 2, row);
          if (ps.executeUpdate() == 1) {
            truth.put(row, value);
            if (insert) {
              nextId++;
            }
          }
        } catch (SQLException e) {
          refusedOrFail(e, sql);
        }
      }

      void read() throws SQLException {
        if (!serving()) {
          return;
        }
        int row = 1 + random.nextInt(nextId - 1);
        String sql = "SELECT " + column() + " FROM item WHERE id = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
          ps.setInt(1, row);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            String got = rs.getString(1);
            reads++;
            if (!truth.get(row).equals(got)) {
              problems.add("tick " + now + ": instance " + id + (newVersion ? " (new)" : " (old)") + " applying r"
                  + applied + " (" + describe() + ") read " + got + " from row " + row + " instead of "
                  + truth.get(row) + "; live: " + liveText());
            }
          }
        } catch (SQLException e) {
          refusedOrFail(e, sql);
        }
      }

      private String describe() {
        MoveRule m = effective.move(MOVE.name());
        return m == null ? "no move" : m.phase().yamlName() + ", " + m.serving().describe();
      }

      private String liveText() {
        StringBuilder b = new StringBuilder();
        for (Instance i : live()) {
          b.append(i.id).append("=r").append(i.reported).append("/r").append(i.applied).append(' ');
        }
        return b.toString().trim();
      }

      private void refusedOrFail(SQLException e, String sql) {
        if (!"0A000".equals(e.getSQLState())) {
          problems.add("tick " + now + ": instance " + id + " failed on " + sql + ": " + e);
        }
      }
    }
  }

}
