package io.nanoedge.api;

import io.nanoedge.api.console.ConsoleRoutes;
import io.nanoedge.api.front.ApiOperations;
import io.nanoedge.api.service.AccountService;
import io.nanoedge.api.service.DeviceService;
import io.nanoedge.api.service.DocumentService;
import io.nanoedge.api.service.EventService;
import io.nanoedge.api.service.PersonService;
import io.nanoedge.api.service.RoomService;
import io.nanoedge.api.service.TagService;
import io.nanoedge.api.service.TemplateService;
import io.nanoedge.api.service.VisitService;
import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.VisitSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description and the code agree: it is a valid OpenAPI 3 contract (vertx-openapi parses and
 * resolves it), it lists exactly the operations the code serves, and for every request schema the code
 * accepts the schema's example, rejects it without each required field (naming the field) and rejects a
 * field the schema does not list. Validation itself lives in the service layer because CoAP shares it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class OpenApiContractTest {
  private static final String SPEC = "/nanoedge/api/openapi.yaml";

  /**
   * The contract as vertx-openapi sees it. It accepts only a fixed set of request media types, and
   * documents (upload and download) have any type ({@code *}{@code /*}): those entries become octet-stream here (and
   * the board's event stream text/plain).
   */
  private static OpenAPIContract contract(Vertx vertx) {
    JsonObject raw = spec();
    narrowAnyMediaType(raw);
    return OpenAPIContract.from(vertx, raw).await();
  }

  /** The description as written (vertx-openapi annotates what it resolves). */
  private static JsonObject spec() {
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream(SPEC)) {
      Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return new JsonObject(yaml);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void narrowAnyMediaType(JsonObject node) {
    if (node.containsKey("*/*")) {
      node.put("application/octet-stream", node.remove("*/*"));
    }
    // The live board's Server-Sent Events stream is text; vertx-openapi knows no text/event-stream.
    if (node.containsKey("text/event-stream")) {
      node.put("text/plain", node.remove("text/event-stream"));
    }
    node.forEach(e -> {
      if (e.getValue() instanceof JsonObject child) {
        narrowAnyMediaType(child);
      }
    });
  }

  @Test
  void specListsExactlyTheOperationsTheCodeServes(Vertx vertx) {
    OpenAPIContract contract = contract(vertx);
    Set<String> specified = contract.operations().stream()
        .map(op -> op.getHttpMethod().name() + " " + op.getOpenAPIPath())
        .collect(Collectors.toCollection(TreeSet::new));
    ApiOperations operations = new ApiOperations(List.of(new PersonService(null), new RoomService(null),
        new TagService(null, new TagHash(ApiFixture.TAG_KEY)), new EventService(null), new TemplateService(null),
        new AccountService(null, null)), new EventService(null),
        new DocumentService(null, 1024), new VisitService(null), new DeviceService(null, null, Set.of(), id -> { }),
        admit -> Future.succeededFuture(),
        (node, command) -> Future.succeededFuture(), false);
    Set<String> served = operations.all().stream().map(op -> op.method() + " " + op.path())
        .collect(Collectors.toCollection(TreeSet::new));
    served.addAll(ConsoleRoutes.PATHS);
    assertThat(served).isEqualTo(specified);
  }

  @Test
  void codeValidatesRequestBodiesExactlyAsTheSchemasSay(Vertx vertx) {
    contract(vertx);
    JsonObject schemas = spec().getJsonObject("components").getJsonObject("schemas");
    ApiFixture api = ApiFixture.start(vertx, Map.of());
    MessageConsumer<JsonObject> controller = vertx.eventBus().consumer(Addresses.ADMIT.address(),
        m -> m.reply(new VisitSummary(m.body().getString("visitId"), "entrance", "AUTHENTICATED", "AUTHENTICATED",
            "2026-11-28T09:00:00Z", List.of()).toJson()));
    controller.completion().await();
    MessageConsumer<JsonObject> nodeAgent = vertx.eventBus().consumer(Addresses.NODE_SERVICE.at("n1").address(),
        m -> m.reply(m.body().copy().put("node", "n1")));
    nodeAgent.completion().await();
    try {
      // In a fresh database the examples' ids (person 1, room 1, tag 1, event 1) exist once created in order.
      check(api, schemas, "PersonInput", HttpMethod.POST, "/api/persons");
      check(api, schemas, "RoomInput", HttpMethod.POST, "/api/rooms");
      check(api, schemas, "TagInput", HttpMethod.POST, "/api/tags");
      check(api, schemas, "TagUpdate", HttpMethod.PUT, "/api/tags/1");
      check(api, schemas, "EventInput", HttpMethod.POST, "/api/events");
      check(api, schemas, "ParticipantsInput", HttpMethod.PUT, "/api/events/1/participants");
      check(api, schemas, "AdmitInput", HttpMethod.POST, "/api/visits/v-1/admit");
      // AdmitInput takes exactly one of guestName and personId: the example has the guest, so try the person too
      JsonObject byPerson = schemas.getJsonObject("AdmitInput").getJsonObject("example").copy();
      byPerson.remove("guestName");
      assertThat(api.admin(HttpMethod.POST, "/api/visits/v-1/admit", byPerson.put("personId", 1)).statusCode())
          .isEqualTo(200);
      check(api, schemas, "ServiceInput", HttpMethod.POST, "/api/admin/nodes/n1/services");
      check(api, schemas, "DeviceInput", HttpMethod.POST, "/api/devices");
      check(api, schemas, "TemplateInput", HttpMethod.POST, "/api/templates");
      check(api, schemas, "GuestsInput", HttpMethod.PUT, "/api/events/1/guests");
      check(api, schemas, "AccountInput", HttpMethod.POST, "/api/accounts");
    } finally {
      nodeAgent.unregister().await();
      controller.unregister().await();
      api.stop();
      io.nanoedge.testkit.TestDatabase.dropDatabase(api.dbUrl);
    }
  }

  private static void check(ApiFixture api, JsonObject schemas, String name, HttpMethod method, String uri) {
    JsonObject schema = schemas.getJsonObject(name);
    JsonObject example = schema.getJsonObject("example");
    Set<String> properties = schema.getJsonObject("properties").fieldNames();
    // GIVEN the schema's example uses every property it lists (but one of two exclusive ones)
    Set<String> unused = new TreeSet<>(properties);
    unused.removeAll(example.fieldNames());
    assertThat(properties).as(name + " example fields are all in the schema").containsAll(example.fieldNames());
    assertThat(unused).as(name + " properties left out of the example").isSubsetOf("personId");
    // WHEN a required field is missing THEN 400 naming it
    for (Object required : schema.getJsonArray("required")) {
      JsonObject body = example.copy();
      body.remove((String) required);
      HttpResponse<Buffer> response = api.admin(method, uri, body);
      assertThat(response.statusCode()).as(name + " without " + required).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("message")).as(name + " names " + required)
          .contains("'" + required + "'");
    }
    // WHEN a field the schema does not list is added THEN 400 naming it
    HttpResponse<Buffer> extra = api.admin(method, uri, example.copy().put("notInSchema", 1));
    assertThat(extra.statusCode()).as(name + " with an unlisted field").isEqualTo(400);
    assertThat(extra.bodyAsJsonObject().getString("message")).contains("'notInSchema'");
    // WHEN the example itself is sent THEN it is accepted
    HttpResponse<Buffer> accepted = api.admin(method, uri, example);
    assertThat(accepted.statusCode()).as(name + " example: " + accepted.bodyAsString()).isBetween(200, 201);
  }
}
