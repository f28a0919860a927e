package io.nanoedge.api.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.api.service.DeviceService;
import io.nanoedge.api.service.DocumentService;
import io.nanoedge.api.service.EventService;
import io.nanoedge.api.service.PersonService;
import io.nanoedge.api.service.RoomService;
import io.nanoedge.api.service.TagService;
import io.nanoedge.api.service.TemplateService;
import io.nanoedge.api.service.AccountService;
import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.TagHash;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every operation's access rule, decided from the caller alone (no database, no server): who gets 401, who 403,
 * and who goes on. The table below is the API's access policy; changing a rule means changing it here too.
 */
class AccessRulesTest {
  private static final Caller ADMIN = new Caller.Admin("test");
  private static final Caller HOST = new Caller.Host(7);
  private static final Caller DEVICE = new Caller.Device("pir-1", "pir", "entrance");

  /** The policy: method + path → rule. */
  private static final Map<String, Access> POLICY = new TreeMap<>(Map.ofEntries(
      Map.entry("GET /api/persons", Access.SIGNED_IN), Map.entry("GET /api/persons/{id}", Access.SIGNED_IN),
      Map.entry("POST /api/persons", Access.ADMIN), Map.entry("PUT /api/persons/{id}", Access.ADMIN),
      Map.entry("DELETE /api/persons/{id}", Access.ADMIN),
      Map.entry("GET /api/rooms", Access.SIGNED_IN), Map.entry("GET /api/rooms/{id}", Access.SIGNED_IN),
      Map.entry("POST /api/rooms", Access.ADMIN), Map.entry("PUT /api/rooms/{id}", Access.ADMIN),
      Map.entry("DELETE /api/rooms/{id}", Access.ADMIN),
      Map.entry("GET /api/rooms/{id}/availability", Access.SIGNED_IN),
      Map.entry("GET /api/tags", Access.ADMIN), Map.entry("GET /api/tags/{id}", Access.ADMIN),
      Map.entry("POST /api/tags", Access.ADMIN), Map.entry("PUT /api/tags/{id}", Access.ADMIN),
      Map.entry("DELETE /api/tags/{id}", Access.ADMIN),
      Map.entry("GET /api/events", Access.HOST_SCOPED), Map.entry("GET /api/events/{id}", Access.HOST_SCOPED),
      Map.entry("POST /api/events", Access.HOST_SCOPED), Map.entry("PUT /api/events/{id}", Access.HOST_SCOPED),
      Map.entry("DELETE /api/events/{id}", Access.HOST_SCOPED),
      Map.entry("GET /api/events/{id}/participants", Access.HOST_SCOPED),
      Map.entry("PUT /api/events/{id}/participants", Access.HOST_SCOPED),
      Map.entry("GET /api/events/{id}/documents", Access.HOST_SCOPED),
      Map.entry("POST /api/events/{id}/documents", Access.HOST_SCOPED),
      Map.entry("GET /api/events/{id}/documents/{documentId}", Access.HOST_SCOPED),
      Map.entry("DELETE /api/events/{id}/documents/{documentId}", Access.HOST_SCOPED),
      Map.entry("GET /api/visits", Access.HOST_SCOPED), Map.entry("GET /api/visits/{id}", Access.HOST_SCOPED),
      Map.entry("POST /api/visits/{id}/admit", Access.HOST_SCOPED),
      Map.entry("GET /api/devices", Access.ADMIN_ONLY), Map.entry("POST /api/devices", Access.ADMIN_ONLY),
      Map.entry("GET /api/devices/{id}", Access.ADMIN_ONLY), Map.entry("DELETE /api/devices/{id}", Access.ADMIN_ONLY),
      Map.entry("POST /api/devices/{id}/rotate", Access.ADMIN_ONLY),
      Map.entry("POST /api/admin/nodes/{node}/services", Access.ADMIN_ONLY),
      Map.entry("GET /api/events/{id}/guests", Access.HOST_SCOPED),
      Map.entry("PUT /api/events/{id}/guests", Access.HOST_SCOPED),
      Map.entry("GET /api/templates", Access.SIGNED_IN), Map.entry("GET /api/templates/{id}", Access.SIGNED_IN),
      Map.entry("POST /api/templates", Access.ADMIN), Map.entry("PUT /api/templates/{id}", Access.ADMIN),
      Map.entry("DELETE /api/templates/{id}", Access.ADMIN),
      Map.entry("GET /api/accounts", Access.ADMIN_ONLY), Map.entry("GET /api/accounts/{id}", Access.ADMIN_ONLY),
      Map.entry("POST /api/accounts", Access.ADMIN_ONLY), Map.entry("PUT /api/accounts/{id}", Access.ADMIN_ONLY),
      Map.entry("DELETE /api/accounts/{id}", Access.ADMIN_ONLY)));

  static ApiOperations operations(boolean publicRead) {
    EventService events = new EventService(null);
    return new ApiOperations(List.of(new PersonService(null), new RoomService(null),
        new TagService(null, new TagHash("test-tag-key-0123456789abcdef")), events, new TemplateService(null),
        new AccountService(null, null)), events,
        new DocumentService(null, 1024), new VisitService(null), new DeviceService(null, null, Set.of(), id -> { }),
        admit -> Future.succeededFuture(),
        (node, command) -> Future.succeededFuture(), publicRead);
  }

  private static ErrorCode refusal(ApiOperations ops, Operation op, Caller caller) {
    ApiResponse refused = ops.refusal(op, caller);
    return refused == null ? null : ErrorCode.ofStatus(refused.status());
  }

  @Test
  void everyOperationDeclaresTheRuleOfThePolicy() {
    Map<String, Access> declared = operations(false).all().stream()
        .collect(Collectors.toMap(op -> op.method() + " " + op.path(), Operation::access, (a, b) -> a, TreeMap::new));
    assertThat(declared).isEqualTo(POLICY);
  }

  @Test
  void theAdminMayDoEverything() {
    ApiOperations ops = operations(false);
    ops.all().forEach(op -> assertThat(refusal(ops, op, ADMIN)).as(op.path()).isNull());
  }

  @Test
  void nobodyIsRefusedWith401AndADeviceWith403Everywhere() {
    ApiOperations ops = operations(false);
    for (Operation op : ops.all()) {
      assertThat(refusal(ops, op, Caller.ANONYMOUS)).as(op.method() + " " + op.path())
          .isEqualTo(ErrorCode.UNAUTHORIZED);
      // A device proved who it is, but its credential opens only the device fronts.
      assertThat(refusal(ops, op, DEVICE)).as(op.method() + " " + op.path()).isEqualTo(ErrorCode.FORBIDDEN);
    }
  }

  @Test
  void aHostGoesOnOnlyWhereBookingNeedsItAndIsForbiddenTheAdministration() {
    ApiOperations ops = operations(false);
    for (Operation op : ops.all()) {
      boolean hostMay = op.access() == Access.SIGNED_IN || op.access() == Access.HOST_SCOPED;
      assertThat(refusal(ops, op, HOST)).as(op.method() + " " + op.path())
          .isEqualTo(hostMay ? null : ErrorCode.FORBIDDEN);
    }
  }

  @Test
  void publicReadOpensReadsButNeverChangesOrAdminOnlyOperations() {
    ApiOperations ops = operations(true);
    for (Operation op : ops.all()) {
      boolean open = !op.mutation() && op.access() != Access.ADMIN_ONLY;
      assertThat(refusal(ops, op, Caller.ANONYMOUS)).as(op.method() + " " + op.path())
          .isEqualTo(open ? null : ErrorCode.UNAUTHORIZED);
      assertThat(refusal(ops, op, DEVICE)).as(op.method() + " " + op.path())
          .isEqualTo(open ? null : ErrorCode.FORBIDDEN);
    }
  }

  @Test
  void aRefusalSaysWhatIsMissing() {
    ApiOperations ops = operations(false);
    Operation tags = ops.all().stream().filter(op -> op.path().equals("/api/tags") && op.mutation()).findFirst()
        .orElseThrow();
    assertThat(ops.refusal(tags, Caller.ANONYMOUS).json().getString("message")).contains("admin token");
    assertThat(ops.refusal(tags, HOST).json().getString("message"))
        .isEqualTo("POST /api/tags is not allowed for a host (person 7)");
    assertThat(ops.refusal(tags, DEVICE).json().getString("error")).isEqualTo("forbidden");
  }

  @Test
  void onlyTheDocumentUploadTakesALargeBody() {
    assertThat(operations(false).all().stream().filter(Operation::upload).map(op -> op.method() + " " + op.path()))
        .containsExactly("POST /api/events/{id}/documents");
  }
}
