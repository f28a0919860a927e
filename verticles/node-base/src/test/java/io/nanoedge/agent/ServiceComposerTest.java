package io.nanoedge.agent;

import io.nanoedge.bus.Addresses;
import io.nanoedge.bus.Backup;
import io.nanoedge.bus.Bus;
import io.nanoedge.bus.ErrorCode;
import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.OperatorBus;
import io.nanoedge.bus.ServiceCommand;
import io.nanoedge.config.Role;
import io.nanoedge.health.Readiness;
import io.nanoedge.testkit.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

/** Service composition on one node: deploy/undeploy by role, and the backup that must precede undeploying api. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceComposerTest {
  private ServiceComposer composer;

  @BeforeEach
  void composer(Vertx vertx) {
    composer = new ServiceComposer(vertx, "node-t", new JsonObject().put("node.id", "node-t")
        .put("shell.port", String.valueOf(Ports.freeTcp())),
        new RoleDeployer(vertx, Readiness.NONE, role -> role == Role.API ? StandInRoles.Api.class.getName()
            : role == Role.SHELL ? StandInRoles.Shell.class.getName() : role.verticleClass()),
        new OperatorBus(vertx.eventBus(), Duration.ofSeconds(2)), Duration.ofSeconds(5));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void deployStartsTheRoleAndRunningReportsIt() throws Exception {
    // WHEN the api role is deployed
    ServiceCommand.Result result = await(composer.deploy(Role.API));
    // THEN it runs here under the deployment id reported
    assertThat(result.action()).isEqualTo("deployed");
    assertThat(composer.running()).containsOnlyKeys(Role.API);
    assertThat(composer.running().get(Role.API)).containsExactly(result.deploymentIds().get(0));
    assertThat(composer.info().roles()).containsExactly("api");
  }

  @Test
  void undeployApiWritesTheBackupFirst(Vertx vertx) throws Exception {
    // GIVEN api running and an API that answers the backup request, noting whether api still ran then
    await(composer.deploy(Role.API));
    List<Boolean> apiRunningDuringBackup = new ArrayList<>();
    await(Bus.serve(vertx.eventBus(), Addresses.API_BACKUP, request -> {
      apiRunningDuringBackup.add(composer.running().containsKey(Role.API));
      return Future.succeededFuture(new Backup("backup/2026-11-28T09-00-00Z", Map.of("persons", 3L)));
    }).completion());
    // WHEN api is undeployed
    ServiceCommand.Result result = await(composer.undeploy(Role.API));
    // THEN the backup ran while api still ran, and api is gone afterwards
    assertThat(apiRunningDuringBackup).containsExactly(true);
    assertThat(result.backup().dir()).isEqualTo("backup/2026-11-28T09-00-00Z");
    assertThat(composer.running()).doesNotContainKey(Role.API);
  }

  @Test
  void undeployApiKeepsItRunningWhenTheBackupFails(Vertx vertx) throws Exception {
    // GIVEN api running and a backup that fails (disk full)
    await(composer.deploy(Role.API));
    await(Bus.serveJson(vertx.eventBus(), Addresses.API_BACKUP.address(),
        body -> Future.failedFuture(NanoException.unavailable("disk full"))).completion());
    // WHEN api is undeployed
    Throwable error = failure(composer.undeploy(Role.API));
    // THEN the undeploy fails, says why, and api still runs
    assertThat(error.getMessage()).isEqualTo("backup before undeploying api failed, so api keeps running: "
        + "the API backup: disk full");
    assertThat(ErrorCode.of(error)).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(composer.running()).containsKey(Role.API);
  }

  @Test
  void undeployApiKeepsItRunningWhenNoApiAnswersTheBackup() throws Exception {
    await(composer.deploy(Role.API));
    Throwable error = failure(composer.undeploy(Role.API));
    assertThat(error.getMessage()).contains("no API answers the backup request");
    assertThat(composer.running()).containsKey(Role.API);
  }

  @Test
  void undeployOtherRolesNeedsNoBackup() throws Exception {
    // GIVEN the shell role running and no API (a backup request would fail)
    await(composer.deploy(Role.SHELL));
    // WHEN it is undeployed
    ServiceCommand.Result result = await(composer.undeploy(Role.SHELL));
    // THEN no backup was asked for and it is gone
    assertThat(result.backup()).isNull();
    assertThat(composer.running()).doesNotContainKey(Role.SHELL);
  }

  @Test
  void roleNamesAreCheckedStrictly() {
    assertThat(Role.named(" API ")).isEqualTo(Role.API);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Role.named("all"))
        .hasMessageContaining("unknown role 'all'");
  }
}
