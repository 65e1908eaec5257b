package com.mailplatform.mailctl;

import static com.mailplatform.mailctl.Api.params;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mailctl config show}: every component's effective settings, like postconf / doveconf (admin role). */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Effective configuration of the components (postconf, doveconf)")
final class ConfigCommand {

    @ParentCommand
    Mailctl root;

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Settings with their values and sources (secrets redacted); --changed lists only what was set (postconf -n)")
    int show(@Option(names = "--changed", defaultValue = "false", description = "only settings changed from the built-in defaults") boolean changed,
             @Option(names = "--component", description = "one component, e.g. smtp-ingress") String component) {
        JsonNode r = root.api().get("/api/v1/config", params("component", component, "changed", changed ? "true" : null));
        int code = root.print(r, ConfigCommand::human);
        for (JsonNode c : r.path("components")) {
            if (c.hasNonNull("error")) {
                return ExitCodes.UNHEALTHY;
            }
        }
        return code;
    }

    /** postconf's {@code name = value}, one block per component; a changed setting says where it was set. */
    static String human(JsonNode r) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : r.path("components")) {
            sb.append("# ").append(Table.text(c.path("component"))).append('\n');
            if (c.hasNonNull("error")) {
                sb.append("#   error: ").append(Table.text(c.path("error"))).append('\n');
            }
            for (JsonNode s : c.path("settings")) {
                sb.append(Table.text(s.path("name"))).append(" = ").append(s.path("value").asText().isEmpty() ? "" : Table.text(s.path("value")));
                if (s.path("changed").asBoolean()) {
                    sb.append("    # ").append(Table.text(s.path("source")));
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
