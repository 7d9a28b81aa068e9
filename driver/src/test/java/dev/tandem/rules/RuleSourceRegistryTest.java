package dev.tandem.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSourceRegistryTest {
  private static final Duration FAST = Duration.ofMillis(50);
  private static final String RULES = "version: 1\nmoves: []\n";

  @TempDir Path dir;
  private final RuleSourceRegistry registry = new RuleSourceRegistry();

  @Test
  void acquire_sameFileAndInterval_sharesOneSource() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), RULES);

    try (RuleSourceRegistry.Lease a = registry.acquire(file.toString(), FAST);
        RuleSourceRegistry.Lease b = registry.acquire(dir.resolve("x/../rules.yaml").toString(), FAST);
        RuleSourceRegistry.Lease c = registry.acquire(file.toString(), Duration.ofSeconds(1))) {
      assertThat(b.source()).isSameAs(a.source());
      assertThat(c.source()).isNotSameAs(a.source());
      assertThat(registry.users(RuleLocation.file(file), FAST)).isEqualTo(2);
    }
  }

  @Test
  void release_lastUser_stopsPollingAndForgetsTheSource() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), RULES);
    RuleSourceRegistry.Lease a = registry.acquire(file.toString(), FAST);
    RuleSourceRegistry.Lease b = registry.acquire(file.toString(), FAST);
    RuleSource source = a.source();

    a.close();
    a.close();
    assertThat(source.isPolling()).isTrue();
    assertThat(registry.users(RuleLocation.file(file), FAST)).isEqualTo(1);

    b.close();
    assertThat(source.isPolling()).isFalse();
    assertThat(registry.users(RuleLocation.file(file), FAST)).isZero();
    try (RuleSourceRegistry.Lease again = registry.acquire(file.toString(), FAST)) {
      assertThat(again.source()).isNotSameAs(source);
      assertThat(again.source().isPolling()).isTrue();
    }
  }

  @Test
  void acquire_invalidFile_throwsAndRegistersNothing() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), "version: 2\nmoves: []\n");

    assertThatThrownBy(() -> registry.acquire(file.toString(), FAST))
        .isInstanceOf(RuleFileException.class)
        .hasMessage(file + ":1:10: unsupported version 2; this Tandem reads rule files of version 1");
    assertThat(registry.users(RuleLocation.file(file), FAST)).isZero();

    Files.writeString(file, RULES);
    try (RuleSourceRegistry.Lease lease = registry.acquire(file.toString(), FAST)) {
      assertThat(lease.source().current().isEmpty()).isTrue();
    }
  }

  @Test
  void shared_isOneRegistryPerJvm() {
    assertThat(RuleSourceRegistry.shared()).isSameAs(RuleSourceRegistry.shared());
  }
}
