package io.nanoedge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key stores under the random password {@code nanoedge certs} makes are written without password stretching (every
 * node opens its store at each start); under a password the site wrote itself they keep the JDK's 10,000 rounds.
 * The rounds are read from the files themselves: the MAC's iteration count in the PKCS#12 structure.
 */
class SiteCertificatesTest {
  @TempDir
  Path tmp;

  @Test
  void storesUnderTheRandomPasswordAreUnstretchedAndStillOpen() throws Exception {
    Path dir = tmp.resolve("random");
    SiteCertificates.make(dir, "site", List.of("node-a"));
    char[] password = Files.readString(dir.resolve(SiteCertificates.PASSWORD)).strip().toCharArray();
    for (Path store : List.of(SiteCertificates.nodeStore(dir, "node-a"), dir.resolve(SiteCertificates.TRUST_STORE),
        dir.resolve(SiteCertificates.CA_STORE))) {
      assertThat(macIterations(store)).as(store.getFileName().toString()).isEqualTo(1);
    }
    // THEN the node's key and chain open with the password (and only with it)
    KeyStore node = open(SiteCertificates.nodeStore(dir, "node-a"), password);
    assertThat(node.getKey("node", password)).isNotNull();
    assertThat(node.getCertificateChain("node")).hasSize(2);
    assertThatThrownBy(() -> open(SiteCertificates.nodeStore(dir, "node-a"), "wrong".toCharArray()))
        .isInstanceOf(IOException.class);
    // WHEN a node is added to the site later THEN its store is unstretched too
    SiteCertificates.make(dir, "site", List.of("node-b"));
    assertThat(macIterations(SiteCertificates.nodeStore(dir, "node-b"))).isEqualTo(1);
  }

  @Test
  void storesUnderASitesOwnPasswordKeepTheJdksStretching() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("own"));
    Files.writeString(dir.resolve(SiteCertificates.PASSWORD), "correct horse battery staple\n");
    SiteCertificates.make(dir, "site", List.of("node-a"));
    assertThat(macIterations(SiteCertificates.nodeStore(dir, "node-a"))).isEqualTo(10_000);
    assertThat(open(SiteCertificates.nodeStore(dir, "node-a"), "correct horse battery staple".toCharArray())
        .getKey("node", "correct horse battery staple".toCharArray())).isNotNull();
  }

  private static KeyStore open(Path store, char[] password) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password);
    }
    return keys;
  }

  /**
   * PFX ::= SEQUENCE { version, authSafe ContentInfo, macData SEQUENCE { mac DigestInfo, macSalt OCTET STRING,
   * iterations INTEGER DEFAULT 1 } } (RFC 7292): the iteration count, 1 when DER leaves the default out.
   */
  private static int macIterations(Path store) throws Exception {
    ByteBuffer der = ByteBuffer.wrap(Files.readAllBytes(store));
    enter(der, 0x30);
    skip(der, 0x02);
    skip(der, 0x30);
    int end = enter(der, 0x30);
    skip(der, 0x30);
    skip(der, 0x04);
    if (der.position() >= end) {
      return 1;
    }
    byte[] value = new byte[enter(der, 0x02) - der.position()];
    der.get(value);
    return new BigInteger(value).intValueExact();
  }

  /** Reads a tag and length; returns where the value ends (the buffer is at its start). */
  private static int enter(ByteBuffer der, int tag) {
    assertThat(der.get() & 0xff).as("DER tag").isEqualTo(tag);
    int length = der.get() & 0xff;
    if (length > 0x7f) {
      int bytes = length & 0x7f;
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = length << 8 | der.get() & 0xff;
      }
    }
    return der.position() + length;
  }

  private static void skip(ByteBuffer der, int tag) {
    der.position(enter(der, tag));
  }
}
