package io.nanoedge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.ConfigKey;
import io.nanoedge.config.NanoConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The demo's token is public, so the demo binds only loopback unless it is given a token of its own. */
class DemoConfigTest {
  @Test
  void everyServerOfTheDemoIsOnLoopback() {
    // WHEN the demo is configured with nothing given
    NanoConfig config = Demo.configure(null, Map.of(), new Properties());
    // THEN every server's interface is 127.0.0.1 (HTTP, CoAP, ops, shell, bridge, and any other *.host key)
    assertThat(Demo.serverHosts()).extracting(ConfigKey::name).contains("http.host", "coap.host", "ops.host",
        "shell.host", "bridge.host").doesNotContain("cluster.host");
    for (ConfigKey host : Demo.serverHosts()) {
      assertThat(config.string(host)).as(host.name()).isEqualTo("127.0.0.1");
    }
    assertThat(config.string(io.nanoedge.api.ApiKeys.ADMIN_TOKEN)).isEqualTo(Demo.DEMO_TOKEN);
  }

  @Test
  void anotherInterfaceWithThePublicTokenIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> Demo.configure(null, Map.of("NANOEDGE_HTTP_HOST", "0.0.0.0"), new Properties()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'http.host'").hasMessageContaining("admin.token");
    Properties props = new Properties();
    props.setProperty("nanoedge.ops.host", "10.0.0.5");
    assertThatThrownBy(() -> Demo.configure(null, Map.of(), props)).hasMessageContaining("'ops.host'");
  }

  @Test
  void withATokenOfItsOwnTheDemoBindsWhereItIsTold() {
    NanoConfig config = Demo.configure(null, Map.of("NANOEDGE_HTTP_HOST", "0.0.0.0",
        "NANOEDGE_ADMIN_TOKEN", "a-token-of-our-own-0123456789"), new Properties());
    assertThat(config.string(io.nanoedge.api.ApiKeys.HTTP_HOST)).isEqualTo("0.0.0.0");
  }
}
