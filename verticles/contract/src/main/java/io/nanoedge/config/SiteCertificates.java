package io.nanoedge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Makes a site's cluster certificates with the JDK's own {@code keytool} (no OpenSSL): a site CA, a trust store
 * holding only that CA, and one PKCS#12 key store per node name whose certificate the CA signed, all under one
 * random password. What {@code nanoedge certs} runs, and what the tests use. Lives in the contract because the
 * launcher and the test kit, which may not import each other's levels, both need it.
 *
 * <p>Files in the directory: {@code site-ca.p12} (the CA's key: signs new node certificates, keep it off the
 * nodes), {@code site-ca.pem}, {@code truststore.p12}, {@code password}, {@code <node>.p12} per node. An existing
 * CA and existing node key stores are kept, so running it again adds nodes without changing the site.
 */
public final class SiteCertificates {
  public static final String CA_STORE = "site-ca.p12";
  public static final String CA_PEM = "site-ca.pem";
  public static final String TRUST_STORE = "truststore.p12";
  public static final String PASSWORD = "password";
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final int CA_DAYS = 3650;
  private static final int NODE_DAYS = 825;

  /** The form of the passwords {@link #randomPassword()} makes: 24 random bytes, URL-safe base 64. */
  private static final Pattern RANDOM_PASSWORD = Pattern.compile("[A-Za-z0-9_-]{32}");
  /**
   * PKCS#12 files under a random password are written without password stretching (one PBKDF2 round instead of the
   * JDK's 10,000 for the MAC, the key and the certificates). Stretching makes guessing a weak password slow; a
   * 192-bit random one cannot be guessed either way, and every node opens its store at each start, where the
   * 10,000 rounds cost the most CPU of any single step on the image's JVM (a JFR profile of the Swarm test: 18 % of
   * a starting node's samples). A password file the site wrote itself keeps the JDK's stretching.
   */
  private static final List<String> UNSTRETCHED = List.of("-J-Dkeystore.pkcs12.macIterationCount=1",
      "-J-Dkeystore.pkcs12.keyPbeIterationCount=1", "-J-Dkeystore.pkcs12.certPbeIterationCount=1");

  private final Path dir;
  private final String site;
  private boolean randomPassword;

  private SiteCertificates(Path dir, String site) {
    this.dir = dir;
    this.site = site;
  }

  /** What a run did, for the command's output. */
  public record Result(Path dir, boolean caCreated, List<String> created, List<String> kept) {
  }

  /**
   * Makes (or completes) the site's certificates in {@code dir} for {@code nodes}. Names are DNS labels (lower
   * case letters, digits, {@code -}); anything else is a {@link ConfigException} before any file is written.
   */
  public static Result make(Path dir, String site, List<String> nodes) {
    check("site", site);
    if (nodes.isEmpty()) {
      throw new ConfigException("give at least one node name (--nodes n1,n2)");
    }
    nodes.forEach(n -> check("node", n));
    SiteCertificates certs = new SiteCertificates(dir, site);
    try {
      Files.createDirectories(dir);
      boolean caCreated = certs.ensureCa();
      List<String> created = new ArrayList<>();
      List<String> kept = new ArrayList<>();
      for (String node : nodes) {
        if (Files.exists(certs.nodeStore(node))) {
          kept.add(node);
        } else {
          certs.makeNode(node);
          created.add(node);
        }
      }
      return new Result(dir, caCreated, created, kept);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the certificates into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The key store of {@code node} in a directory made by {@link #make}. */
  public static Path nodeStore(Path dir, String node) {
    return dir.resolve(node + ".p12");
  }

  private Path nodeStore(String node) {
    return nodeStore(dir, node);
  }

  private static void check(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigException(what + " name '" + name + "' must be a DNS label: lower-case letters, digits and -,"
          + " at most 63 characters");
    }
  }

  private boolean ensureCa() throws IOException {
    Path ca = dir.resolve(CA_STORE);
    boolean existing = Files.exists(ca);
    if (existing && (!Files.exists(dir.resolve(PASSWORD)) || !Files.exists(dir.resolve(TRUST_STORE)))) {
      throw new ConfigException(dir + " has a " + CA_STORE + " but not its " + PASSWORD + " and " + TRUST_STORE
          + ": use another directory or restore them");
    }
    // A password file put there beforehand is the site's choice; otherwise a random one.
    if (!existing && !Files.exists(dir.resolve(PASSWORD))) {
      writePrivate(dir.resolve(PASSWORD), randomPassword());
    }
    randomPassword = passwordIsRandom();
    if (existing) {
      return false;
    }
    keytool("-genkeypair", "-alias", "site-ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-sigalg", "SHA256withECDSA", "-dname", "CN=nanoedge site " + site + " CA, O=nanoedge",
        "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-validity", String.valueOf(CA_DAYS),
        "-storetype", "PKCS12", "-keystore", ca.toString(), "-storepass:file", password());
    keytool("-exportcert", "-rfc", "-alias", "site-ca", "-keystore", ca.toString(), "-storepass:file", password(),
        "-file", dir.resolve(CA_PEM).toString());
    keytool("-importcert", "-noprompt", "-alias", "site-ca", "-file", dir.resolve(CA_PEM).toString(),
        "-storetype", "PKCS12", "-keystore", dir.resolve(TRUST_STORE).toString(), "-storepass:file", password());
    return true;
  }

  private void makeNode(String node) throws IOException {
    Path store = nodeStore(node);
    Path csr = dir.resolve(node + ".csr");
    Path cert = dir.resolve(node + ".pem");
    try {
      keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
          "SHA256withECDSA", "-dname", "CN=" + node + ", OU=" + site + ", O=nanoedge",
          "-validity", String.valueOf(NODE_DAYS), "-storetype", "PKCS12", "-keystore", store.toString(),
          "-storepass:file", password());
      keytool("-certreq", "-alias", "node", "-keystore", store.toString(), "-storepass:file", password(),
          "-file", csr.toString());
      // Both ends of a bus connection present this certificate: server and client authentication.
      keytool("-gencert", "-rfc", "-alias", "site-ca", "-keystore", dir.resolve(CA_STORE).toString(),
          "-storepass:file", password(), "-infile", csr.toString(), "-outfile", cert.toString(),
          "-validity", String.valueOf(NODE_DAYS), "-ext", "ku:c=digitalSignature",
          "-ext", "eku=serverAuth,clientAuth", "-ext", "san=dns:" + node);
      keytool("-importcert", "-noprompt", "-alias", "site-ca", "-file", dir.resolve(CA_PEM).toString(),
          "-keystore", store.toString(), "-storepass:file", password());
      keytool("-importcert", "-noprompt", "-alias", "node", "-file", cert.toString(), "-keystore", store.toString(),
          "-storepass:file", password());
      Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(store);
      throw e;
    } finally {
      Files.deleteIfExists(csr);
      Files.deleteIfExists(cert);
    }
  }

  private boolean passwordIsRandom() throws IOException {
    return RANDOM_PASSWORD.matcher(Files.readString(dir.resolve(PASSWORD), StandardCharsets.UTF_8).strip()).matches();
  }

  private String password() {
    return dir.resolve(PASSWORD).toString();
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  /** The JDK's keytool next to the running java (a jlink runtime has it too). */
  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    if (randomPassword) {
      command.addAll(UNSTRETCHED);
    }
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try {
      process.getOutputStream().close();
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while keytool " + args[0] + " ran");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
    }
  }
}
