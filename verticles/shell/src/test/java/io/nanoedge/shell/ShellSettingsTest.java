package io.nanoedge.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The shell authenticates nobody, so it listens only on loopback: anything else is refused at start. */
class ShellSettingsTest {
  @Test
  void loopbackIsAcceptedAnythingElseIsRefusedNamingTheKey() {
    for (String ok : new String[] {"127.0.0.1", "127.0.1.1", "::1", "localhost"}) {
      assertThat(ShellSettings.loopback(ok)).isEqualTo(ok);
    }
    for (String lan : new String[] {"0.0.0.0", "192.168.1.20", "10.20.0.5", "::", "nanoedge-box", ""}) {
      assertThatThrownBy(() -> ShellSettings.loopback(lan)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("shell.host").hasMessageContaining("'" + lan + "'");
    }
  }
}
