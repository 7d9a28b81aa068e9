package dev.tandem.spring.boot;

import dev.tandem.TandemStatus;
import java.sql.SQLException;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/tandem}: for each wrapped DataSource bean, the rules in use, their revision, each
 * move and its phase, reloads, moves the schema blocks and the plan cache ({@link TandemStatus}).
 */
@Endpoint(id = "tandem")
public class TandemEndpoint {
  private final TandemDataSources dataSources;

  public TandemEndpoint(TandemDataSources dataSources) {
    this.dataSources = dataSources;
  }

  /** The status of every wrapped data source, by bean name. */
  @ReadOperation
  public Map<String, TandemStatus> status() throws SQLException {
    return TandemHealth.statuses(dataSources);
  }
}
