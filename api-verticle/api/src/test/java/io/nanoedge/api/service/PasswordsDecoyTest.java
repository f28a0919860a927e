package io.nanoedge.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The decoy an unknown username is checked against is made without running BCrypt (no hashing at start), yet
 * checking against it runs a full BCrypt of the configured cost and matches nothing.
 */
class PasswordsDecoyTest {
  @Test
  void theDecoyIsAWellFormedHashOfTheCostThatNoPasswordMatches() {
    SecureRandom random = new SecureRandom();
    String decoy = Passwords.decoy(6, random);
    // THEN it has BCrypt's form with the cost, and each start has a different one
    assertThat(decoy).matches("\\$2a\\$06\\$[./A-Za-z0-9]{53}");
    assertThat(Passwords.decoy(6, random)).isNotEqualTo(decoy);
    // WHEN a password is checked against it THEN BCrypt accepts its form (it throws on a malformed hash) and says no
    assertThat(BCrypt.checkpw("no account has this password", decoy)).isFalse();
    assertThat(BCrypt.checkpw("", decoy)).isFalse();
    // A real hash with the decoy's salt is a different string: the digest part is what never matches
    String real = BCrypt.hashpw("guess", decoy.substring(0, 29));
    assertThat(real).startsWith(decoy.substring(0, 29)).isNotEqualTo(decoy);
  }
}
