package com.mailplatform.admin;

import com.mailplatform.testsupport.JwtSigningKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/** The local stack's issuer set-up for tests: a key pair made per build under target/, none in the repository. */
public class LocalIssuerKeys implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return JwtSigningKeys.ensure(Path.of("target", "issuer-keys")).adminApiConfig();
    }

    @Override
    public void stop() {
    }
}
