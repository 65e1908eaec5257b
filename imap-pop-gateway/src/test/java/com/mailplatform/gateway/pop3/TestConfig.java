package com.mailplatform.gateway.pop3;

import java.time.Duration;
import java.util.OptionalInt;

/** Pop3Config without SmallRye Config, for tests that run without Quarkus. */
final class TestConfig implements Pop3Config {

    boolean allowPlaintextAuth = true;
    Duration maildropLease = Duration.ofSeconds(600);
    Duration loginTimeout = Duration.ofSeconds(60);
    int maxConnectionsPerIp = 0;
    java.util.Optional<String> tlsCertFile = java.util.Optional.empty();
    java.util.Optional<String> tlsKeyFile = java.util.Optional.empty();
    int maxAuthFailures = 3;
    Duration idleTimeout = Duration.ofSeconds(600);
    int maxBadCommands = 10;
    int maxConnections = 100;

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public int tlsPort() {
        return -1;
    }

    @Override
    public java.util.Optional<String> tlsCertFile() {
        return tlsCertFile;
    }

    @Override
    public java.util.Optional<String> tlsKeyFile() {
        return tlsKeyFile;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return 0;
    }

    @Override
    public String banner() {
        return "test";
    }

    @Override
    public boolean allowPlaintextAuth() {
        return allowPlaintextAuth;
    }

    @Override
    public Duration maildropLease() {
        return maildropLease;
    }

    @Override
    public Duration loginTimeout() {
        return loginTimeout;
    }

    @Override
    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    @Override
    public int maxAuthFailures() {
        return maxAuthFailures;
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public int maxBadCommands() {
        return maxBadCommands;
    }

    @Override
    public int maxConnections() {
        return maxConnections;
    }

    @Override
    public Duration storeTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public OptionalInt instances() {
        return OptionalInt.of(1);
    }

    @Override
    public int readaheadBytes() {
        return 1 << 20;
    }

    @Override
    public int readaheadMessages() {
        return 64;
    }
}
