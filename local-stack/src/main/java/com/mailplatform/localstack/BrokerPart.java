package com.mailplatform.localstack;

import java.nio.file.Path;
import java.util.List;

/** Embedded Artemis ({@link BrokerMain}) in its own JVM with the launcher's classpath; journal in the data dir. */
record BrokerPart(Path journal, int port) implements Part {

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public ProcessBuilder command() {
        return new ProcessBuilder(List.of(LocalStack.javaBin(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(), journal.toString(),
                String.valueOf(port)));
    }

    @Override
    public boolean healthy() {
        return Probes.amqp(port);
    }
}
