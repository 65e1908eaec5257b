package com.mailplatform.mailctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The operators' CLI over admin-api's REST API v1 (README: commands, exit codes). */
// Every subcommand declares mixinStandardHelpOptions itself (mailctl queue --help printed "Unknown option"); not
// by scope INHERIT, which would also force -h onto `queue show`, where -h is postcat's "headers only".
@Command(name = "mailctl", mixinStandardHelpOptions = true, version = "mailctl 0.1.0",
        description = "Manage the mail platform through admin-api: domains, accounts, aliases, the queue, the log.",
        subcommands = {Commands.Domain.class, Commands.Account.class, Commands.Alias.class, Commands.Dkim.class, QueueCommands.class,
                Commands.Log.class, Commands.Status.class, Commands.Route.class, Commands.Probe.class, Commands.Audit.class,
                Commands.Token.class, ConfigCommand.class, MailboxCommands.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:wrong command line", "3:request refused as invalid (400)", "4:not found (404)",
                "5:exists or conflicts (409)", "6:no/bad token or role not allowed (401/403)",
                "7:admin-api or a service behind it unavailable", "8:it worked and the answer is bad (status DOWN, probe failed)",
                "1:anything else"})
public class Mailctl {

    @Spec
    CommandSpec spec;

    // Defaults come from CliDefaults: the environment, then ~/.config/mailctl/config, then the local stack.
    @Option(names = "--url", description = "admin-api base URL (env MAILCTL_URL, config file url=; now ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", description = "bearer token (env MAILCTL_TOKEN, config file token=)")
    String token;

    @Option(names = "--token-file", description = "file holding the bearer token, e.g. .local-stack/admin-token (env MAILCTL_TOKEN_FILE, config file token-file=)")
    Path tokenFile;

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;

    Api api() {
        String t = token;
        if ((t == null || t.isBlank()) && tokenFile != null) {
            try {
                t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ApiException(ExitCodes.AUTH, "cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
        }
        return new Api(url, t);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code node} as JSON, or with {@code human} when --json is not given. */
    int print(JsonNode node, java.util.function.Function<JsonNode, String> human) {
        if (json) {
            try {
                out().println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out().print(human.apply(node));
        }
        out().flush();
        return ExitCodes.OK;
    }

    int page(JsonNode page, List<Table.Column> columns) {
        return print(page, p -> Table.render(columns, p.path("items"))
                + String.format("%d of %d (offset %d)%n", p.path("items").size(), p.path("total").asLong(), p.path("offset").asInt()));
    }

    int object(JsonNode node, Map<String, String> fields) {
        return print(node, n -> {
            StringBuilder sb = new StringBuilder();
            int w = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
            fields.forEach((label, path) -> sb.append(String.format("%-" + w + "s  %s%n", label, Table.text(Table.at(n, path)))));
            return sb.toString();
        });
    }

    public static CommandLine commandLine() {
        return commandLine(CliDefaults.fromEnvironment());
    }

    static CommandLine commandLine(CommandLine.IDefaultValueProvider defaults) {
        CommandLine cl = new CommandLine(new Mailctl());
        cl.setDefaultValueProvider(defaults);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ApiException a) {
                line.getErr().println("mailctl: " + a.getMessage());
                line.getErr().flush();
                return a.exitCode();
            }
            line.getErr().println("mailctl: unexpected failure: " + e);
            line.getErr().flush();
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    /** Runs mailctl in this JVM with the given output streams; returns the exit code (tests use this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(CliDefaults.fromEnvironment(), out, err, args);
    }

    static int run(CommandLine.IDefaultValueProvider defaults, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(defaults);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
