package dev.tandem.spring.boot;

import dev.tandem.TandemStatus;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the health indicators of both Boot lines report. Down only when configured rules cannot be
 * loaded at all (then no connection can open); a rejected reload or a move the schema blocks keeps
 * the application up — Tandem goes on with the last good rules, and only the blocked move's
 * statements are refused — and shows in the details ({@code degraded: true}), so that a restart,
 * which would not fix either, is not triggered by them.
 */
final class TandemHealth {
  private TandemHealth() {}

  /**
   * Whether every data source's rules are loaded (or none are configured) and, in a fleet, its lease holds:
   * an instance without a lease refuses every statement on a moved table, so it should not take traffic.
   */
  static boolean up(Map<String, TandemStatus> statuses) {
    return statuses.values().stream().allMatch(s -> (s.rules() == null || s.loaded())
        && (s.fleet() == null || s.fleet().leaseLive()));
  }

  /** The details: per data source its rules, revision, phases, reloads, blocked moves. */
  static Map<String, Object> details(Map<String, TandemStatus> statuses) {
    Map<String, Object> details = new LinkedHashMap<>();
    statuses.forEach((bean, status) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("rules", status.rules() == null ? "none" : status.rules());
      one.put("loaded", status.loaded());
      one.put("revision", status.revision());
      Map<String, String> phases = new LinkedHashMap<>();
      status.moves().forEach(m -> phases.put(m.name(), m.phase()));
      one.put("moves", phases);
      if (!status.renames().isEmpty()) {
        Map<String, String> renames = new LinkedHashMap<>();
        status.renames().forEach(r -> renames.put(r.name(), r.phase()));
        one.put("renames", renames);
      }
      one.put("reloadsRejected", status.reloadsRejected());
      if (status.error() != null) {
        one.put("error", status.error());
      }
      if (!status.blocked().isEmpty()) {
        one.put("blocked", status.blocked());
      }
      if (status.fleet() != null) {
        Map<String, Object> fleet = new LinkedHashMap<>();
        fleet.put("instance", status.fleet().instanceId());
        fleet.put("appliedRevision", status.fleet().appliedRevision());
        fleet.put("leaseLive", status.fleet().leaseLive());
        fleet.put("liveInstances", status.fleet().instances().stream().filter(TandemStatus.Instance::live).count());
        one.put("fleet", fleet);
      }
      one.put("degraded", !status.healthy());
      details.put(bean, one);
    });
    return details;
  }

  static Map<String, TandemStatus> statuses(TandemDataSources dataSources) throws SQLException {
    Map<String, TandemStatus> statuses = new LinkedHashMap<>();
    for (var entry : dataSources.byBeanName().entrySet()) {
      statuses.put(entry.getKey(), entry.getValue().status());
    }
    return statuses;
  }
}
