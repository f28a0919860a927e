package io.nanoedge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nanoedge.config.ConfigException;
import io.nanoedge.config.Keys;
import io.nanoedge.config.NanoConfig;
import org.junit.jupiter.api.Test;

/** The api role refuses to start without its secrets, naming the key. */
class ApiOptionsTest {
  private static final NanoConfig VALID = NanoConfig.defaults()
      .with(ApiKeys.DB_URL, "mysql://u:p@127.0.0.1:3306/db")
      .with(ApiKeys.ADMIN_TOKEN, "0123456789abcdef")
      .with(Keys.TAG_KEY, "0123456789abcdef");

  @Test
  void validSecretsGiveOptionsThatNeverPrintThem() {
    ApiOptions options = ApiOptions.from(VALID);
    assertThat(options.toString()).doesNotContain("0123456789abcdef").contains("***");
  }

  @Test
  void missingAdminTokenNamesTheKey() {
    assertThatThrownBy(() -> ApiOptions.from(VALID.with(ApiKeys.ADMIN_TOKEN, "short")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'admin.token'");
  }

  @Test
  void missingTagKeyNamesTheKey() {
    assertThatThrownBy(() -> ApiOptions.from(VALID.with(Keys.TAG_KEY, "")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'tag.key'");
  }

  @Test
  void missingDatabaseUrlNamesTheKey() {
    assertThatThrownBy(() -> ApiOptions.from(VALID.with(ApiKeys.DB_URL, "")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'db.url'");
  }

  @Test
  void shortPskNamesTheKey() {
    assertThatThrownBy(() -> ApiOptions.from(VALID.with(ApiKeys.COAP_PSK_KEY, "abc")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'coap.psk-key'");
  }
}
