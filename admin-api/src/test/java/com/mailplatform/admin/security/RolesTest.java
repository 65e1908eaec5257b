package com.mailplatform.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {

    @Test
    void rolesNest() {
        assertEquals(Set.of("admin", "operator", "viewer"), Roles.implied(Set.of("admin")));
        assertEquals(Set.of("operator", "viewer"), Roles.implied(Set.of("operator")));
        assertEquals(Set.of("viewer"), Roles.implied(Set.of("viewer")));
        assertEquals(Set.of("auditor"), Roles.implied(Set.of("auditor")), "unknown roles grant nothing more");
    }
}
