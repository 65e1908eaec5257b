package com.mailplatform.admin.status;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One component of the platform as /api/v1/status reports it. Replica counts are known on Kubernetes only
 * (null elsewhere); checks and url come from the health endpoint outside Kubernetes.
 */
@Schema(name = "ComponentStatus")
public record Component(String name, String status, String version, Integer replicasWanted, Integer replicasReady,
                        String url, List<String> checks, String error) {
}
