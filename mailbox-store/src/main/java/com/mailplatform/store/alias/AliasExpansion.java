package com.mailplatform.store.alias;

import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Recursive alias expansion, independent of storage (the look-up is a function) so its rules are unit-tested.
 * <ul>
 *   <li>An address that is not an alias (an account, an unknown local address, a remote address) is final.</li>
 *   <li>A target naming the alias itself is final: {@code a -> a, b} keeps a copy in {@code a} (a forward).</li>
 *   <li>A target already being expanded on the current path is a loop and is cut.</li>
 *   <li>Nesting deeper than the recursion limit, or more final recipients than the expansion limit, fails
 *       with RESOURCE_EXHAUSTED, as Postfix defers on virtual_alias_recursion_limit /
 *       virtual_alias_expansion_limit: the mail stays queued instead of going to a partial list.</li>
 *   <li>The result is never empty: when loops cut everything, the address itself is returned, so delivery
 *       reports it as unknown and the sender gets a bounce instead of the mail vanishing.</li>
 * </ul>
 */
public final class AliasExpansion {

    private final Function<String, Uni<AliasLookup>> lookup;
    private final int recursionLimit;
    private final int expansionLimit;

    public AliasExpansion(Function<String, Uni<AliasLookup>> lookup, int recursionLimit, int expansionLimit) {
        this.lookup = lookup;
        this.recursionLimit = recursionLimit;
        this.expansionLimit = expansionLimit;
    }

    /** {@code address} is already case-folded ({@code AccountRef.address()} or a remote address's key). */
    public Uni<List<String>> expand(String address) {
        Set<String> out = new LinkedHashSet<>();
        return walk(address, new ArrayList<>(), out).map(x -> out.isEmpty() ? List.of(address) : List.copyOf(out));
    }

    private Uni<Void> walk(String address, List<String> path, Set<String> out) {
        if (path.size() > recursionLimit) {
            return Uni.createFrom().failure(Status.RESOURCE_EXHAUSTED
                    .withDescription("alias nesting deeper than " + recursionLimit + " at " + address).asRuntimeException());
        }
        return lookup.apply(address).flatMap(found -> {
            AliasLookup.Decision d = found.decide();
            if (d.kind() != AliasLookup.Kind.ALIAS && d.kind() != AliasLookup.Kind.CATCH_ALL) {
                return addFinal(address, out);
            }
            path.add(address);
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String target : d.targets()) {
                chain = chain.flatMap(x -> {
                    if (target.equals(address)) {
                        return addFinal(target, out);
                    }
                    if (path.contains(target)) {
                        return Uni.createFrom().voidItem();
                    }
                    return walk(target, path, out);
                });
            }
            return chain.invoke(() -> path.remove(path.size() - 1));
        });
    }

    private Uni<Void> addFinal(String address, Set<String> out) {
        out.add(address);
        if (out.size() > expansionLimit) {
            return Uni.createFrom().failure(Status.RESOURCE_EXHAUSTED
                    .withDescription("alias expansion to more than " + expansionLimit + " recipients").asRuntimeException());
        }
        return Uni.createFrom().voidItem();
    }
}
