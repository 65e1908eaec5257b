package com.mailplatform.smtp.command;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.mailplatform.smtp.SmtpConfig;
import com.mailplatform.smtp.parse.SmtpCommand;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandsTest {

    /** Every command record the parser can make has its handler: the session never looks up a null. */
    @Test
    void theTableIsComplete() throws Exception {
        SmtpConfig config = new SmallRyeConfigBuilder().withMapping(SmtpConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of()).build().getConfigMapping(SmtpConfig.class);
        Commands commands = new Commands(config, null, null, null, null, null, null, null);
        for (Class<?> type : SmtpCommand.class.getPermittedSubclasses()) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = types[i] == long.class ? 0L : types[i] == boolean.class ? false : null;
            }
            SmtpCommand command = (SmtpCommand) type.getDeclaredConstructor(types).newInstance(args);
            assertNotNull(commands.handlerFor(command), type.getSimpleName());
        }
    }
}
