package com.mailplatform.gateway.managesieve.command;

import com.mailplatform.gateway.managesieve.ManageSieveSession;
import io.grpc.Status;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** Calls the store and answers its errors with RFC 5804 section 1.3 response codes (the statuses sieve.proto documents). */
final class StoreOutcome {

    private static final Logger LOG = Logger.getLogger(StoreOutcome.class);

    private StoreOutcome() {
    }

    /** Runs {@code call}; on success {@code then} writes the reply, on failure a NO with the code goes out. */
    static <T> CompletionStage<?> run(ManageSieveSession session, Uni<T> call, Consumer<T> then) {
        return session.call(call).handle((reply, error) -> {
            if (error == null) {
                then.accept(reply);
            } else {
                no(session, error);
            }
            return null;
        });
    }

    static void no(ManageSieveSession session, Throwable error) {
        Status status = Status.fromThrowable(error);
        String text = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        switch (status.getCode()) {
            case NOT_FOUND -> session.no("NONEXISTENT", "no such script");
            case ALREADY_EXISTS -> session.no("ALREADYEXISTS", "a script with that name exists");
            case FAILED_PRECONDITION -> session.no("ACTIVE", "the script is active");
            case RESOURCE_EXHAUSTED -> session.no(text.startsWith("maxscripts") ? "QUOTA/MAXSCRIPTS"
                    : text.startsWith("maxsize") ? "QUOTA/MAXSIZE" : "QUOTA", text);
            case INVALID_ARGUMENT -> session.no(null, text);
            default -> {
                LOG.warnf("managesieve session=%s store call failed: %s", session.id(), error.toString());
                session.no("TRYLATER", "store unavailable, try again later");
            }
        }
    }
}
