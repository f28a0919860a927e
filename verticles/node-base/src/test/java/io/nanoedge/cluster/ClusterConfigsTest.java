package io.nanoedge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.XmlConfigBuilder;
import io.nanoedge.config.ConfigException;
import io.nanoedge.config.NanoConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node loads the built-in configurations without Hazelcast's schema check (it costs ~0.5 s of CPU per start), so
 * the check happens here, at build time, for each of them; a file of the site's own is still checked at start.
 */
class ClusterConfigsTest {
  private static final String SCHEMA_VALIDATION = "hazelcast.config.schema.validation.enabled";

  @TempDir
  Path tmp;

  @Test
  void everyBuiltInConfigurationPassesHazelcastsSchemaCheck() throws Exception {
    assertThat(System.getProperty(SCHEMA_VALIDATION)).as("the check is on in this JVM").isNull();
    for (String name : ClusterConfigs.BUILT_IN) {
      try (InputStream in = ClusterConfigs.class.getResourceAsStream("/nanoedge/cluster/" + name + ".xml")) {
        assertThat(in).as(name).isNotNull();
        // throws InvalidConfigurationException naming the element on any schema violation
        Config checked = new XmlConfigBuilder(in).build();
        assertThat(checked.getProperty("hazelcast.phone.home.enabled")).as(name).isEqualTo("false");
      }
    }
  }

  @Test
  void aBrokenFileIsRefusedByTheSchemaAndTheSwitchIsLeftAsItWas() throws Exception {
    // GIVEN a site's own file with an element Hazelcast's schema does not know
    Path file = Files.writeString(tmp.resolve("hz.xml"), """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <network><port auto-increment="true">5701</port><no-such-element/></network>
        </hazelcast>
        """);
    // Proof that the schema is what refuses it: the same file passes Hazelcast's parser without the check.
    assertThat(parsedWithoutSchema(file).getNetworkConfig().getPort()).isEqualTo(5701);
    // WHEN a node is configured with it, after it built a built-in configuration (unchecked)
    ClusterConfigs.build(NanoConfig.builder().set("cluster.config", "static", "test").build());
    NanoConfig own = NanoConfig.builder().set("cluster.config", file.toString(), "test").build();
    // THEN the schema check still runs for the site's file, naming the key, and the switch is back as it was
    assertThatThrownBy(() -> ClusterConfigs.build(own)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'cluster.config'").hasMessageContaining("not a valid Hazelcast XML file");
    assertThat(System.getProperty(SCHEMA_VALIDATION)).isNull();
  }

  private static Config parsedWithoutSchema(Path file) throws Exception {
    System.setProperty(SCHEMA_VALIDATION, "false");
    try (InputStream in = Files.newInputStream(file)) {
      return new XmlConfigBuilder(in).build();
    } catch (InvalidConfigurationException e) {
      throw new AssertionError("Hazelcast's parser refused the file even without the schema", e);
    } finally {
      System.clearProperty(SCHEMA_VALIDATION);
    }
  }
}
