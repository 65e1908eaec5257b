package com.mailplatform.localstack;

import com.mailplatform.testsupport.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Quarkus service (or a replica of one) as a child JVM: settings that start with {@code MAIL_} go to the
 * environment, the rest become system properties. Healthy when {@code /q/health/ready} answers 200.
 */
record ServicePart(Service service, Path projectDir, SelfSignedCertificate.PemFiles tls) implements Part {

    @Override
    public String name() {
        return service.name();
    }

    @Override
    public ProcessBuilder command() {
        String module = name().contains("#") ? name().substring(0, name().indexOf('#')) : name();
        Path jar = projectDir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests install");
        }
        List<String> cmd = new ArrayList<>(List.of(LocalStack.javaBin()));
        cmd.addAll(JvmFootprint.options("384m"));
        service.properties().forEach((k, v) -> {
            if (!k.startsWith("MAIL_")) {
                cmd.add("-D" + k + "=" + v);
            }
        });
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MAIL_TLS_CERT", tls.cert().toString());
        pb.environment().put("MAIL_TLS_KEY", tls.key().toString());
        service.properties().forEach((k, v) -> {
            if (k.startsWith("MAIL_")) {
                pb.environment().put(k, v);
            }
        });
        return pb;
    }

    @Override
    public boolean healthy() {
        return Probes.http(service.httpPort(), "/q/health/ready");
    }
}
