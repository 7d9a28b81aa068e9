package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSourceTest {
  private static final Duration FAST = Duration.ofMillis(50);

  @TempDir Path dir;
  private final List<RuleSource> opened = new ArrayList<>();

  @AfterEach
  void closeSources() {
    opened.forEach(RuleSource::close);
  }

  private static String rules(String phase) {
    return "version: 1\nmoves:\n  - name: customer-email\n    table: customer\n    from: email\n    to: email_address\n"
        + "    phase: " + phase + "\n";
  }

  private static final String BROKEN = rules("expand").replace("phase:", "phse:");

  private RuleSource open(Path file, Duration interval) throws RuleFileException {
    RuleSource source = RuleSource.open(RuleLocation.file(file), interval);
    opened.add(source);
    return source;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static Phase phaseOf(RuleSource source) {
    return source.current().moves().get(0).phase();
  }

  /** Polls {@code condition} until it holds, for at most five seconds. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void open_invalidFile_throwsSoNoConnectionOpensWithBrokenRules() throws IOException {
    Path file = write("rules.yaml", BROKEN);

    assertThatThrownBy(() -> open(file, FAST))
        .isInstanceOf(RuleFileException.class)
        .hasMessageStartingWith(file + ":7:5: unknown key 'phse'");
  }

  @Test
  void pollOnce_editToNextPhase_replacesRulesAndTellsListeners() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, Duration.ZERO);
    RuleSet before = source.current();
    List<String> changes = new ArrayList<>();
    source.addListener((previous, current) -> changes.add(previous.revision() + "->" + current.revision()));

    write("rules.yaml", rules("migrated"));

    assertThat(source.pollOnce()).as("the first look at a change only notes it").isFalse();
    assertThat(phaseOf(source)).isEqualTo(Phase.EXPAND);
    assertThat(source.pollOnce()).as("the second look finds it unchanged, so it is complete").isTrue();
    assertThat(phaseOf(source)).isEqualTo(Phase.MIGRATED);
    assertThat(source.revision()).isGreaterThan(before.revision());
    assertThat(changes).containsExactly(before.revision() + "->" + source.revision());
    assertThat(source.reloadsOk()).isEqualTo(1);
    assertThat(source.pollOnce()).isFalse();
  }

  @Test
  void pollOnce_invalidEdit_keepsOldRulesAndCountsItOnceThenAFixLoads() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, Duration.ZERO);
    RuleSet good = source.current();

    write("rules.yaml", BROKEN);
    assertThat(source.pollOnce()).isFalse();
    assertThat(source.pollOnce()).isFalse();

    assertThat(source.current()).isSameAs(good);
    assertThat(source.reloadsFailed()).isEqualTo(1);
    assertThat(source.lastError()).hasMessageContaining("unknown key 'phse'");

    write("rules.yaml", rules("contract"));
    assertThat(source.pollOnce()).isFalse();
    assertThat(source.pollOnce()).isTrue();
    assertThat(phaseOf(source)).isEqualTo(Phase.CONTRACT);
    assertThat(source.lastError()).isNull();
    assertThat(source.reloadsOk()).isEqualTo(1);
  }

  @Test
  void pollOnce_unchangedOldFile_doesNotReadIt() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Files.setLastModifiedTime(file, old);
    RuleSource source = open(file, Duration.ZERO);

    // Same size and time, content changed behind the stamp's back: an old file is trusted by its stamp.
    Files.writeString(file, rules("expand").replace("table: customer", "table: kunde123"));
    Files.setLastModifiedTime(file, old);

    assertThat(source.pollOnce()).isFalse();
    assertThat(source.reload()).isTrue();
    assertThat(source.current().moves().get(0).table().toString()).isEqualTo("kunde123");
  }

  @Test
  void pollOnce_recentInPlaceEditKeepingSizeAndTime_isNoticed() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    FileTime time = Files.getLastModifiedTime(file);
    RuleSource source = open(file, Duration.ZERO);

    // A second edit within one tick of a coarse file-system clock: same size, same time.
    Files.writeString(file, rules("expand").replace("table: customer", "table: kunde123"));
    Files.setLastModifiedTime(file, time);

    assertThat(source.pollOnce()).isFalse();
    assertThat(source.pollOnce()).isTrue();
  }

  @Test
  void reload_reportsChangeAndThrowsOnInvalidFile() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, Duration.ZERO);

    assertThat(source.reload()).isFalse();
    write("rules.yaml", rules("migrated"));
    assertThat(source.reload()).isTrue();
    write("rules.yaml", BROKEN);
    assertThatThrownBy(source::reload).isInstanceOf(RuleFileException.class).hasMessageContaining("phse");
    assertThat(phaseOf(source)).isEqualTo(Phase.MIGRATED);
    assertThat(source.reloadsFailed()).isEqualTo(1);
  }

  @Test
  void watcher_editOnDisk_isPickedUpInTheBackground() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, FAST);

    write("rules.yaml", BROKEN);
    await("the broken file is rejected", () -> source.reloadsFailed() == 1);
    assertThat(phaseOf(source)).isEqualTo(Phase.EXPAND);

    write("rules.yaml", rules("migrated"));
    await("the fixed file is loaded", () -> phaseOf(source) == Phase.MIGRATED);
    assertThat(source.reloadsFailed()).isEqualTo(1);
  }

  @Test
  void watcher_fileReplacedByAtomicRename_isPickedUp() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, FAST);

    Path next = write("rules.yaml.tmp", rules("migrated"));
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    await("the renamed file is loaded", () -> phaseOf(source) == Phase.MIGRATED);
  }

  @Test
  void watcher_kubernetesSymlinkSwap_isPickedUpEvenWithSameSizeAndTime() throws Exception {
    // rules.yaml -> ..data/rules.yaml, ..data -> ..v1: how a ConfigMap volume is laid out.
    String v1 = rules("expand").replace("table: customer", "table: kunde123");
    String v2 = rules("expand");
    assertThat(v1).hasSameSizeAs(v2);
    Path first = Files.createDirectory(dir.resolve("..v1"));
    Files.writeString(first.resolve("rules.yaml"), v1);
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Path link = Files.createSymbolicLink(dir.resolve("rules.yaml"), Path.of("..data", "rules.yaml"));
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Files.setLastModifiedTime(first.resolve("rules.yaml"), old);
    RuleSource source = open(link, FAST);
    assertThat(source.current().moves().get(0).table().toString()).isEqualTo("kunde123");

    Path second = Files.createDirectory(dir.resolve("..v2"));
    Files.writeString(second.resolve("rules.yaml"), v2);
    Files.setLastModifiedTime(second.resolve("rules.yaml"), old);
    Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
    Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    await("the swapped file is loaded", () -> source.current().moves().get(0).table().toString().equals("customer"));
  }

  @Test
  void listener_thatThrows_doesNotStopTheChangeOrOtherListeners() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, Duration.ZERO);
    List<Phase> seen = new ArrayList<>();
    source.addListener((previous, current) -> {
      throw new IllegalStateException("boom");
    });
    source.addListener((previous, current) -> seen.add(current.moves().get(0).phase()));

    write("rules.yaml", rules("migrated"));

    assertThat(source.reload()).isTrue();
    assertThat(seen).containsExactly(Phase.MIGRATED);
  }

  @Test
  void removeListener_stopsNotifications() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, Duration.ZERO);
    List<RuleSet> seen = new ArrayList<>();
    RuleSetListener listener = (previous, current) -> seen.add(current);
    source.addListener(listener);
    source.removeListener(listener);

    write("rules.yaml", rules("migrated"));
    source.reload();

    assertThat(seen).isEmpty();
  }

  @Test
  void open_pollsOnOneSharedDaemonThread_andCloseStopsPolling() throws Exception {
    RuleSource a = open(write("a.yaml", rules("expand")), FAST);
    RuleSource b = open(write("b.yaml", rules("expand")), FAST);
    write("a.yaml", rules("migrated"));
    await("a is reloaded", () -> phaseOf(a) == Phase.MIGRATED);

    List<Thread> watchers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(RuleWatcher.THREAD_NAME)).toList();
    assertThat(watchers).hasSize(1).allMatch(Thread::isDaemon);

    assertThat(b.isPolling()).isTrue();
    b.close();
    assertThat(b.isPolling()).isFalse();
    write("b.yaml", rules("migrated"));
    Thread.sleep(200);
    assertThat(phaseOf(b)).isEqualTo(Phase.EXPAND);
  }

  @Test
  void open_classpathResource_loadsButIsNotPolled() throws Exception {
    RuleSource source = RuleSource.open(RuleLocation.parse("classpath:rules/valid/three-moves.yaml"), FAST);
    opened.add(source);

    assertThat(source.current().moves()).hasSize(3);
    assertThat(source.isPolling()).isFalse();
    assertThat(source.pollOnce()).isFalse();
  }

  @Test
  void pollOnce_fileDeleted_keepsRulesAndReportsOnce() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, Duration.ZERO);

    Files.delete(file);

    assertThat(source.pollOnce()).isFalse();
    assertThat(source.pollOnce()).isFalse();
    assertThat(source.reloadsFailed()).isEqualTo(1);
    assertThat(source.lastError()).hasMessage(file + ": the rule file does not exist");
    assertThat(phaseOf(source)).isEqualTo(Phase.EXPAND);
  }

  private static final String NO_MOVES = "version: 1\nmoves: []\n";

  @Test
  void reload_droppingAMoveInExpandOrMigrated_isRejectedAndTheDualWritesGoOn() throws Exception {
    for (String phase : List.of("expand", "migrated")) {
      Path file = write("rules-" + phase + ".yaml", rules(phase));
      RuleSource source = open(file, Duration.ZERO);

      write("rules-" + phase + ".yaml", NO_MOVES);

      assertThatThrownBy(source::reload).isInstanceOf(RuleFileException.class)
          .hasMessageContaining("the new rules drop 'customer-email' (phase " + phase + ")")
          .hasMessageContaining("list its name under 'retired:'");
      assertThat(phaseOf(source)).isEqualTo(Phase.fromYaml(phase));
      assertThat(source.reloadsFailed()).isEqualTo(1);
    }
  }

  @Test
  void reload_droppingAMoveListedUnderRetired_isAccepted() throws Exception {
    Path file = write("rules.yaml", rules("migrated"));
    RuleSource source = open(file, Duration.ZERO);

    write("rules.yaml", "version: 1\nretired: [customer-email]\nmoves: []\n");

    assertThat(source.reload()).isTrue();
    assertThat(source.current().moves()).isEmpty();
    assertThat(source.current().retired()).containsExactly("customer-email");
  }

  @Test
  void reload_droppingAMoveInContract_isAccepted() throws Exception {
    Path file = write("rules.yaml", rules("contract"));
    RuleSource source = open(file, Duration.ZERO);

    write("rules.yaml", NO_MOVES);

    assertThat(source.reload()).isTrue();
  }

  @Test
  void pollOnce_fileChangingBetweenLooks_isNotLoadedUntilItIsStable() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource source = open(file, Duration.ZERO);
    String full = rules("migrated").replace("    phase: migrated\n",
        "    phase: migrated\n  - table: product\n    from: price_cents\n    to: price\n    phase: expand\n");

    // A writer in place: the first half (a valid file on its own), then the rest.
    Files.writeString(file, full.substring(0, full.indexOf("  - table: product")));
    assertThat(source.pollOnce()).isFalse();
    Files.writeString(file, full);
    assertThat(source.pollOnce()).as("changed since the last look").isFalse();
    assertThat(phaseOf(source)).isEqualTo(Phase.EXPAND);

    assertThat(source.pollOnce()).isTrue();
    assertThat(source.current().moves()).hasSize(2);
    assertThat(source.reloadsOk()).isEqualTo(1);
  }

  @Test
  void open_directory_isRefusedWithAClearMessage() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("rules.d"));

    assertThatThrownBy(() -> open(folder, Duration.ZERO)).isInstanceOf(RuleFileException.class)
        .hasMessage(folder + ": is a directory, not a rule file; name the YAML file in it");
  }

  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    return fifo;
  }

  @Test
  void open_fifo_isRefusedAtOnceWhileAnotherSourceOpensAndReloads() throws Exception {
    Path fifo = fifo("rules.fifo");
    Path other = write("other.yaml", rules("expand"));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<Throwable> fromFifo = pool.submit(() -> {
        try {
          RuleSourceRegistry.shared().acquire(RuleLocation.file(fifo), FAST).close();
          return null;
        } catch (RuleFileException e) {
          return e;
        }
      });
      java.util.concurrent.Future<Phase> fromOther = pool.submit(() -> {
        try (RuleSourceRegistry.Lease lease = RuleSourceRegistry.shared().acquire(RuleLocation.file(other), FAST)) {
          write("other.yaml", rules("migrated"));
          lease.source().reload();
          return phaseOf(lease.source());
        }
      });

      assertThat(fromOther.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Phase.MIGRATED);
      assertThat(fromFifo.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(RuleFileException.class)
          .hasMessage(fifo + ": is not a regular file (a FIFO, device or socket); Tandem only reads rule files"
              + " that are plain files (a symbolic link to one is fine)");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void watcher_fileReplacedByFifo_keepsTheRulesAndOtherSourcesKeepBeingWatched() throws Exception {
    Path file = write("rules.yaml", rules("expand"));
    RuleSource watched = open(file, FAST);
    RuleSource other = open(write("other.yaml", rules("expand")), FAST);

    Files.delete(file);
    fifo("rules.yaml");
    await("the FIFO is refused", () -> watched.lastError() != null
        && watched.lastError().getMessage().contains("is not a regular file"));
    write("other.yaml", rules("migrated"));

    await("the other file is reloaded", () -> phaseOf(other) == Phase.MIGRATED);
    assertThat(phaseOf(watched)).isEqualTo(Phase.EXPAND);
  }
}
