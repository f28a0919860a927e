package io.nanoedge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nanoedge.config.Role;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With every module on the class path (as in the jar), every role is served, by a verticle that loads. */
class RolesTest {
  @Test
  void allIsEveryRoleAndEachHasALoadableVerticle() throws ClassNotFoundException {
    List<Role> roles = Arrays.stream(Role.values()).filter(r -> r != Role.OPS).toList();
    assertThat(Role.parse(List.of("all"))).containsExactlyElementsOf(roles);
    for (Role role : roles) {
      assertThat(Class.forName(role.verticleClass())).as(role.id()).isNotNull();
    }
  }
}
