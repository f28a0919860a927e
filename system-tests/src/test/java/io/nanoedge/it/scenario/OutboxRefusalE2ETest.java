package io.nanoedge.it.scenario;

import static io.nanoedge.it.scenario.Building.ENTRANCE;
import static io.nanoedge.it.scenario.Building.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.VisitList;
import io.nanoedge.config.Role;
import io.nanoedge.testkit.ControllerHarness;
import io.nanoedge.testkit.Eventually;
import io.nanoedge.testkit.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The controller's outbox against the real API on MariaDB when the API refuses a status line for good (a 4xx):
 * the line is set aside instead of retried for ever, the visit still ends, with a NOT status naming the refusal,
 * the controller does not fill up and stays ready, and the next visit is stored whole. The refusal is made by the
 * database itself (a trigger raising "data too long", error 1406, which the API answers 400), the way a column
 * that no longer fits a record would.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class OutboxRefusalE2ETest {
  private static Building building;

  @BeforeAll
  static void building(Vertx vertx) {
    building = new Building(vertx);
    building.deploy(Role.API, Map.of()).deploy(Role.CONTROLLER, Map.of())
        .deploy(Role.PRESENCE, Map.of("presence.location", ENTRANCE, "presence.coap-port", Building.udp()))
        .deploy(Role.BLE, Map.of("ble.location", ENTRANCE));
    building.awaitReady();
  }

  @AfterAll
  static void drop() {
    building.drop();
  }

  @Test
  void aRefusedStatusIsSetAsideAndTheVisitEndsWithANotStatusNamingIt(Vertx vertx) {
    // GIVEN a status log that refuses every SCANNED line as too long
    TestDatabase.query(building.dbUrl, "CREATE TRIGGER refuse_scanned BEFORE INSERT ON status_log FOR EACH ROW "
        + "IF NEW.status = 'SCANNED' THEN SIGNAL SQLSTATE '22001' SET MYSQL_ERRNO = 1406, "
        + "MESSAGE_TEXT = 'Data too long for column'; END IF");
    // WHEN someone nobody knows walks in
    building.simulateMotion(ENTRANCE);
    // THEN INIT and DETECTED are stored, SCANNED is set aside, and the visit ends NOT AUTHENTICATED saying why
    String visit = building.awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "NOT AUTHENTICATED"));
    List<String> reasons = building.column("SELECT reason FROM status_log WHERE subject_id = '" + visit
        + "' AND status = 'NOT AUTHENTICATED'");
    assertThat(reasons).containsExactly("the status log refused SCANNED #3: a value is too long");
    // AND the controller holds nothing back for it, and the node is still ready
    Eventually.until("nothing waits in the outbox", () -> ControllerHarness.request(vertx, Addresses.VISITS,
        new VisitList.Query(false)).pendingRecords() == 0, WAIT);
    building.awaitReady();

    // WHEN the column fits again and the next visitor comes
    TestDatabase.query(building.dbUrl, "DROP TRIGGER refuse_scanned");
    building.awaitNoTagsAt(ENTRANCE);
    building.simulateMotion(ENTRANCE);
    // THEN that visit is stored whole, up to the host not admitting anyone (admit.expiry-ms is 1 s here)
    String next = building.awaitVisit(ENTRANCE, List.of("INIT", "DETECTED", "SCANNED", "NOT AUTHENTICATED"));
    assertThat(next).isNotEqualTo(visit);
  }
}
