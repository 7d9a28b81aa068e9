package dev.tandem.metrics;

/**
 * Chooses the metrics implementation: Micrometer when it is on the class path, nothing otherwise.
 * The Micrometer classes are only touched after the check, so the driver runs without them.
 */
public final class Metrics {
  private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry");

  private Metrics() {}

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Metrics.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether Micrometer is on the class path. */
  public static boolean micrometerPresent() {
    return MICROMETER;
  }

  /**
   * Metrics on {@code registry} (a {@code io.micrometer.core.instrument.MeterRegistry}); with
   * {@code null}, Micrometer's global registry. {@link TandemMetrics#NOOP} without Micrometer.
   */
  public static TandemMetrics forRegistry(Object registry) {
    if (!MICROMETER) {
      return TandemMetrics.NOOP;
    }
    return MicrometerSupport.create(registry);
  }

  /** Keeps Micrometer types out of {@link Metrics}' own signature, so loading it never needs them. */
  private static final class MicrometerSupport {
    static TandemMetrics create(Object registry) {
      io.micrometer.core.instrument.MeterRegistry r = registry == null
          ? io.micrometer.core.instrument.Metrics.globalRegistry
          : (io.micrometer.core.instrument.MeterRegistry) registry;
      return new MicrometerMetrics(r);
    }
  }
}
