package io.nanoedge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NanoConfigTest {
  @TempDir
  Path dir;

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("nanoedge.yaml");
    Files.writeString(file, text);
    return file;
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    NanoConfig config = NanoConfig.defaults();
    assertThat(config.integer(SampleModule.HTTP_PORT)).isEqualTo(8080);
    assertThat(config.integer(SampleModule.OPS_PORT)).isEqualTo(9090);
    assertThat(config.string(SampleModule.SHELL_HOST)).isEqualTo("127.0.0.1");
  }

  @Test
  void fileThenEnvironmentThenSystemPropertiesWin() throws IOException {
    // GIVEN the same keys set in a file, the environment and system properties
    Path file = yaml("http:\n  port: 1001\ncoap.port: 2001\nops.port: 3001\nshell.port: 4001\n");
    Map<String, String> env = Map.of("NANOEDGE_COAP_PORT", "2002", "NANOEDGE_OPS_PORT", "3002");
    Properties sys = props("nanoedge.ops.port", "3003");
    // WHEN they are merged
    NanoConfig config = NanoConfig.builder().file(file).environment(env).systemProperties(sys).build();
    // THEN each key takes the value of the strongest source that sets it
    assertThat(config.integer(SampleModule.HTTP_PORT)).isEqualTo(1001);
    assertThat(config.integer(SampleModule.COAP_PORT)).isEqualTo(2002);
    assertThat(config.integer(SampleModule.OPS_PORT)).isEqualTo(3003);
    assertThat(config.integer(SampleModule.SHELL_PORT)).isEqualTo(4001);
  }

  @Test
  void environmentNamesMapDotsAndDashesToUnderscores() {
    NanoConfig config = NanoConfig.builder()
        .environment(Map.of("NANOEDGE_API_PUBLIC_READ", "TRUE", "NANOEDGE_CLUSTER_MEMBERS", "a:1, b:2")).build();
    assertThat(config.bool(SampleModule.API_PUBLIC_READ)).isTrue();
    assertThat(config.list(SampleModule.CLUSTER_MEMBERS)).containsExactly("a:1", "b:2");
  }

  @Test
  void yamlListsBecomeCommaLists() throws IOException {
    NanoConfig config = NanoConfig.builder().file(yaml("cluster:\n  members: [10.0.0.1, 10.0.0.2]\n")).build();
    assertThat(config.list(SampleModule.CLUSTER_MEMBERS)).containsExactly("10.0.0.1", "10.0.0.2");
  }

  @Test
  void secretFilesSupplyTheirKeysAndWinOverThePlainKey() throws IOException {
    // GIVEN Docker-secret style files for the admin token, tag key and database password
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    Path tagKey = Files.writeString(dir.resolve("tagkey"), "0123456789abcdef-key");
    Path dbPassword = Files.writeString(dir.resolve("dbpw"), "p@ss:word\n");
    // WHEN the *-file keys point at them
    NanoConfig config = NanoConfig.builder()
        .environment(Map.of("NANOEDGE_ADMIN_TOKEN", "plain", "NANOEDGE_ADMIN_TOKEN_FILE", token.toString(),
            "NANOEDGE_TAG_KEY_FILE", tagKey.toString(), "NANOEDGE_DB_PASSWORD_FILE", dbPassword.toString(),
            "NANOEDGE_DB_URL", "mysql://app:old@db:3306/nanoedge"))
        .build();
    // THEN the values come from the files, trimmed, and the password is placed into db.url
    assertThat(config.string(SampleModule.ADMIN_TOKEN)).isEqualTo("s3cret-token");
    assertThat(config.string(Keys.TAG_KEY)).isEqualTo("0123456789abcdef-key");
    DbUrl url = DbUrl.parse(config.string(SampleModule.DB_URL));
    assertThat(url.password()).isEqualTo("p@ss:word");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.host()).isEqualTo("db");
    assertThat(url.database()).isEqualTo("nanoedge");
  }

  @Test
  void unknownKeyInFileIsNamed() throws IOException {
    Path file = yaml("http:\n  prot: 80\n");
    assertThatThrownBy(() -> NanoConfig.builder().file(file).build())
        .isInstanceOf(ConfigException.class).hasMessageContaining("'http.prot'").hasMessageContaining(file.toString());
  }

  @Test
  void unknownEnvironmentVariableIsNamed() {
    assertThatThrownBy(() -> NanoConfig.builder().environment(Map.of("NANOEDGE_HTTP_PROT", "1")).build())
        .isInstanceOf(ConfigException.class).hasMessageContaining("NANOEDGE_HTTP_PROT");
  }

  @Test
  void unknownSystemPropertyIsNamed() {
    assertThatThrownBy(() -> NanoConfig.builder().systemProperties(props("nanoedge.htp.port", "1")).build())
        .isInstanceOf(ConfigException.class).hasMessageContaining("'htp.port'");
  }

  @Test
  void badValuesNameTheKeyAndTheExpectedForm() {
    assertThatThrownBy(() -> NanoConfig.builder().environment(Map.of("NANOEDGE_HTTP_PORT", "eighty")).build())
        .hasMessageContaining("'http.port'").hasMessageContaining("integer");
    assertThatThrownBy(() -> NanoConfig.builder().environment(Map.of("NANOEDGE_HTTP_PORT", "70000")).build())
        .hasMessageContaining("'http.port'").hasMessageContaining("between 0 and 65535");
    assertThatThrownBy(() -> NanoConfig.builder().environment(Map.of("NANOEDGE_API_PUBLIC_READ", "yes")).build())
        .hasMessageContaining("'api.public-read'").hasMessageContaining("true or false");
    assertThatThrownBy(() -> NanoConfig.builder().environment(Map.of("NANOEDGE_DB_URL", "postgres://x@y/z")).build())
        .hasMessageContaining("'db.url'");
  }

  @Test
  void missingOrInvalidFilesAreNamed() throws IOException {
    assertThatThrownBy(() -> NanoConfig.builder().file(dir.resolve("nope.yaml")).build())
        .hasMessageContaining("nope.yaml").hasMessageContaining("does not exist");
    Path broken = yaml("http: [unclosed\n");
    assertThatThrownBy(() -> NanoConfig.builder().file(broken).build()).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> NanoConfig.builder()
        .environment(Map.of("NANOEDGE_ADMIN_TOKEN_FILE", dir.resolve("missing").toString())).build())
        .hasMessageContaining("'admin.token-file'").hasMessageContaining("cannot read");
  }

  @Test
  void everyKeyHasDocumentationAndAValidDefault() {
    for (ConfigKey key : Modules.keys()) {
      assertThat(key.doc()).as(key.name()).isNotBlank();
      if (!key.defaultValue().isEmpty()) {
        assertThat(key.validate(key.defaultValue(), "default")).as(key.name()).isNotNull();
      }
    }
  }
}
