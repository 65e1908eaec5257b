package com.mailplatform.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Embedded Artemis ({@link BrokerMain}) in its own JVM with the launcher's classpath; journal in the data dir. */
record BrokerPart(Path journal, int port) implements Part {

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public ProcessBuilder command() {
        List<String> cmd = new ArrayList<>(List.of(LocalStack.javaBin()));
        cmd.addAll(JvmFootprint.options("256m"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(), journal.toString(),
                String.valueOf(port)));
        return new ProcessBuilder(cmd);
    }

    @Override
    public boolean healthy() {
        return Probes.amqp(port);
    }
}
