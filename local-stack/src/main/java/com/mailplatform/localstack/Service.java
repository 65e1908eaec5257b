package com.mailplatform.localstack;

import java.util.List;
import java.util.Map;

/** One Quarkus service of the platform as the launcher runs it: its jar, HTTP port and settings. */
public record Service(String name, int httpPort, Map<String, String> properties, List<String> listens) {
}
