package com.mailplatform.store.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The expansion rules over an in-memory directory (domain "l.test" is local). */
class AliasExpansionTest {

    private final Map<String, List<String>> aliases = new HashMap<>();
    private final Set<String> accounts = new java.util.HashSet<>();

    private List<String> expand(String address, int depth, int width) {
        return new AliasExpansion(a -> {
            String domain = a.substring(a.lastIndexOf('@') + 1);
            if (!domain.equals("l.test")) {
                return Uni.createFrom().item(AliasLookup.NOT_LOCAL);
            }
            return Uni.createFrom().item(new AliasLookup(true, aliases.get(a), accounts.contains(a) ? false : null, aliases.get("@l.test")));
        }, depth, width).expand(address).await().indefinitely();
    }

    private List<String> expand(String address) {
        return expand(address, 1000, 1000);
    }

    @Test
    void nonAliasesExpandToThemselves() {
        accounts.add("a@l.test");
        assertEquals(List.of("a@l.test"), expand("a@l.test"));
        assertEquals(List.of("x@remote.test"), expand("x@remote.test"));
        assertEquals(List.of("nobody@l.test"), expand("nobody@l.test"));
    }

    @Test
    void expandsRecursivelyAndDeduplicates() {
        accounts.addAll(List.of("a@l.test", "b@l.test"));
        aliases.put("team@l.test", List.of("a@l.test", "sub@l.test", "x@remote.test"));
        aliases.put("sub@l.test", List.of("b@l.test", "a@l.test"));
        assertEquals(List.of("a@l.test", "b@l.test", "x@remote.test"), expand("team@l.test"));
    }

    @Test
    void selfReferenceKeepsACopy() {
        accounts.add("a@l.test");
        aliases.put("a@l.test", List.of("a@l.test", "a@remote.test"));
        assertEquals(List.of("a@l.test", "a@remote.test"), expand("a@l.test"));
    }

    @Test
    void loopsAreCutAndNeverLeaveNothing() {
        accounts.add("c@l.test");
        aliases.put("x@l.test", List.of("y@l.test"));
        aliases.put("y@l.test", List.of("x@l.test", "c@l.test"));
        assertEquals(List.of("c@l.test"), expand("x@l.test"));
        aliases.put("p@l.test", List.of("q@l.test"));
        aliases.put("q@l.test", List.of("p@l.test"));
        assertEquals(List.of("p@l.test"), expand("p@l.test"), "a pure loop expands to the address so delivery bounces it");
    }

    @Test
    void catchAllTakesOnlyUnknownAddresses() {
        accounts.add("a@l.test");
        aliases.put("@l.test", List.of("a@l.test"));
        aliases.put("sales@l.test", List.of("s@remote.test"));
        assertEquals(List.of("a@l.test"), expand("whoever@l.test"));
        assertEquals(List.of("s@remote.test"), expand("sales@l.test"));
        assertEquals(List.of("a@l.test"), expand("a@l.test"));
    }

    @Test
    void limitsFailInsteadOfDeliveringToPartOfTheList() {
        for (int i = 0; i < 20; i++) {
            aliases.put("n" + i + "@l.test", List.of("n" + (i + 1) + "@l.test"));
        }
        assertEquals(List.of("n20@l.test"), expand("n0@l.test", 20, 10));
        StatusRuntimeException deep = assertThrows(StatusRuntimeException.class, () -> expand("n0@l.test", 5, 10));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, deep.getStatus().getCode());
        aliases.put("wide@l.test", List.of("1@r.test", "2@r.test", "3@r.test"));
        assertThrows(StatusRuntimeException.class, () -> expand("wide@l.test", 5, 2));
    }

    @Test
    void disabledAccountIsNotACatchAllTarget() {
        aliases.put("@l.test", List.of("a@remote.test"));
        AliasLookup disabled = new AliasLookup(true, null, true, List.of("a@remote.test"));
        assertEquals(AliasLookup.Kind.DISABLED_ACCOUNT, disabled.decide().kind());
        assertEquals(AliasLookup.Kind.NOT_LOCAL, AliasLookup.NOT_LOCAL.decide().kind());
    }
}
