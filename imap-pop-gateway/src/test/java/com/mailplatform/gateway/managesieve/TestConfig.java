package com.mailplatform.gateway.managesieve;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** ManageSieveConfig without SmallRye Config, for tests that run without Quarkus. */
final class TestConfig implements ManageSieveConfig {

    int port;
    boolean allowPlaintextAuth;
    Optional<String> tlsCertFile = Optional.empty();
    Optional<String> tlsKeyFile = Optional.empty();
    Duration idleTimeout = Duration.ofSeconds(600);
    Duration loginTimeout = Duration.ofSeconds(60);
    int maxLiteral = 1 << 20;

    @Override
    public int port() {
        return port;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public Optional<String> tlsCertFile() {
        return tlsCertFile;
    }

    @Override
    public Optional<String> tlsKeyFile() {
        return tlsKeyFile;
    }

    @Override
    public String implementation() {
        return "test";
    }

    @Override
    public boolean allowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    @Override
    public int maxAuthFailures() {
        return 3;
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public Duration loginTimeout() {
        return loginTimeout;
    }

    @Override
    public int maxBadCommands() {
        return 10;
    }

    @Override
    public int maxLiteral() {
        return maxLiteral;
    }

    @Override
    public int maxConnections() {
        return 100;
    }

    @Override
    public int maxConnectionsPerIp() {
        return 20;
    }

    @Override
    public Duration storeTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public OptionalInt instances() {
        return OptionalInt.of(1);
    }
}
