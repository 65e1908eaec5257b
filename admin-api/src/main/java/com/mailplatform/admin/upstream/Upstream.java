package com.mailplatform.admin.upstream;

import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Names the service a failed gRPC call went to, so a 503 says which one is down (the generic mapper assumes
 * mailbox-store). Other statuses pass through to {@code ProblemMappers}.
 */
public final class Upstream {

    public static final String DELIVERY = "delivery-service";
    private static final Logger LOG = Logger.getLogger(Upstream.class);

    private Upstream() {
    }

    public static <T> Uni<T> call(String service, Uni<T> call) {
        return call.onFailure(StatusRuntimeException.class).transform(e -> {
            Status.Code code = ((StatusRuntimeException) e).getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.UNIMPLEMENTED) {
                LOG.warnf("%s call failed: %s", service, e.getMessage());
                return new ProblemException(Problem.of("service-unavailable", "Service unavailable", 503,
                        service + " unavailable; try again later"));
            }
            return e;
        });
    }
}
