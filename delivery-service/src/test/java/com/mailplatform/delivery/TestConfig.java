package com.mailplatform.delivery;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** A {@link DeliveryConfig} from a few properties and the documented defaults, for tests without Quarkus. */
public final class TestConfig {

    private TestConfig() {
    }

    public static DeliveryConfig of(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(DeliveryConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(DeliveryConfig.class);
    }
}
