package com.mailplatform.admin.operator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * k8s/base/services/ is the operator's rendering ({@link BaseManifests}): a change to a port, a setting or a probe
 * in PlatformComponent/PlatformObjects without regenerating the files fails here. With -Dk8s.regenerate=true the
 * test writes the files instead (the command is in the failure message and in k8s/README.md).
 */
class BaseManifestsTest {

    private static final Path DIR = Path.of("..", "k8s", "base", "services");

    @Test
    void committedBaseIsTheOperatorsRendering() throws IOException {
        Map<String, String> rendered = BaseManifests.render();
        if (Boolean.getBoolean("k8s.regenerate")) {
            for (Map.Entry<String, String> f : rendered.entrySet()) {
                Files.writeString(DIR.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
        }
        for (Map.Entry<String, String> f : rendered.entrySet()) {
            Path file = DIR.resolve(f.getKey());
            assertTrue(Files.exists(file), file + " is missing; regenerate: " + BaseManifests.REGENERATE);
            assertEquals(f.getValue(), Files.readString(file, StandardCharsets.UTF_8),
                    file + " differs from the operator's rendering; regenerate: " + BaseManifests.REGENERATE);
        }
        try (var files = Files.list(DIR)) {
            files.map(p -> p.getFileName().toString()).forEach(name -> assertTrue(rendered.containsKey(name),
                    DIR.resolve(name) + " is not rendered by BaseManifests: add it there or move it out of services/"));
        }
    }
}
