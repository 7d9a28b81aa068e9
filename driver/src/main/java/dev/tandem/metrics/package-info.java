/**
 * Observability (SPEC §8). {@code TandemMetrics} is what the driver reports; {@code Metrics} picks
 * the Micrometer implementation when Micrometer is on the class path and a no-op otherwise, so the
 * driver never requires Micrometer. Parameter values never reach this package.
 */
package dev.tandem.metrics;
