package com.mailplatform.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize DIR}: the objects an overlay stands for, as multi-document YAML. */
final class Kustomize {

    /** k8s/ of this repository (tests run in k8s-validation/). */
    static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();

    private Kustomize() {
    }

    static String render(Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the manifests (kubectl kustomize, kubectl 1.27 or "
                    + "newer); install it, e.g. from https://kubernetes.io/docs/tasks/tools/ — " + e.getMessage(), e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + dir + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + err.join());
        }
        return out;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
