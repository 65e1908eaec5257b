package com.mailplatform.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the JVM's shared PostgreSQL and broker. Stopping is a no-op: the servers
 * outlive Quarkus restarts and go away with the JVM.
 */
public class SharedInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedInfra.get().quarkusConfig();
    }

    @Override
    public void stop() {
        // shared for the whole JVM
    }
}
