package dev.tandem.fleet;

import java.time.Instant;

/**
 * One row of the instance registry as the operator sees it.
 *
 * @param live whether its lease had not lapsed at the moment it was read, by the database's clock
 */
public record InstanceRecord(
    String instanceId,
    String host,
    long pid,
    String appVersion,
    String ruleSource,
    String revision,
    Instant startedAt,
    Instant heartbeatAt,
    Instant leaseUntil,
    boolean live) {}
