package com.mailplatform.mailctl;

import static com.mailplatform.mailctl.Api.params;
import static com.mailplatform.mailctl.Api.seg;
import static com.mailplatform.mailctl.Table.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The command groups; each method is one subcommand and returns its exit code (ExitCodes). */
final class Commands {

    private Commands() {
    }

    /** --offset/--limit of every list (admin-api: offset >= 0, limit 1..1000). */
    static final class Paging {
        @Option(names = "--offset", defaultValue = "0", description = "skip this many items")
        int offset;

        @Option(names = "--limit", defaultValue = "100", description = "at most this many items (1..1000)")
        int limit;
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Command(name = "domain", mixinStandardHelpOptions = true, description = "Mail domains")
    static final class Domain {
        @ParentCommand
        Mailctl root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List domains")
        int list(@Mixin Paging p) {
            return root.page(root.api().get("/api/v1/domains", params("offset", p.offset, "limit", p.limit)),
                    List.of(col("DOMAIN", "name"), col("CREATED", "createdAt")));
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a domain")
        int create(@Parameters(paramLabel = "DOMAIN") String name) {
            return root.object(root.api().post("/api/v1/domains", Map.of("name", name)), fields("domain", "name", "created", "createdAt"));
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a domain without accounts (its aliases go with it)")
        int delete(@Parameters(paramLabel = "DOMAIN") String name) {
            root.api().delete("/api/v1/domains/" + seg(name));
            return root.print(Api.JSON.nullNode(), n -> "deleted " + name + "\n");
        }

        @Command(name = "usage", mixinStandardHelpOptions = true, description = "Default quota and usage of a domain")
        int usage(@Parameters(paramLabel = "DOMAIN") String name) {
            return root.object(root.api().get("/api/v1/domains/" + seg(name) + "/usage"), DOMAIN_USAGE);
        }

        @Command(name = "quota", mixinStandardHelpOptions = true, description = "Set the default quota of the domain's accounts (bytes, 0 = none)")
        int quota(@Parameters(paramLabel = "DOMAIN") String name,
                  @Parameters(paramLabel = "SIZE", converter = ByteSize.class, description = "bytes or 50M, 2G; 0 = none") long bytes) {
            return root.object(root.api().put("/api/v1/domains/" + seg(name) + "/quota", Map.of("defaultQuotaBytes", bytes)), DOMAIN_USAGE);
        }

        static final Map<String, String> DOMAIN_USAGE = fields("domain", "domain", "default quota", "defaultQuotaBytes",
                "accounts", "accounts", "aliases", "aliases", "used bytes", "usedBytes", "messages", "messages");
    }

    @Command(name = "account", mixinStandardHelpOptions = true, description = "Mail accounts")
    static final class Account {
        @ParentCommand
        Mailctl root;

        static final List<Table.Column> COLUMNS = List.of(col("ADDRESS", "address"), col("QUOTA", "quotaBytes"),
                col("USED", "usedBytes"), col("DISABLED", "disabled"), col("CREATED", "createdAt"));
        static final Map<String, String> USAGE = fields("address", "address", "quota", "quotaBytes", "effective quota",
                "effectiveQuotaBytes", "used bytes", "usedBytes", "messages", "messages", "disabled", "disabled");

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts")
        int list(@Option(names = "--domain") String domain,
                 @Option(names = "--order", description = "address (default) or usage: most used first") String order, @Mixin Paging p) {
            return root.page(root.api().get("/api/v1/accounts", params("domain", domain, "order", order, "offset", p.offset, "limit", p.limit)), COLUMNS);
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an account; the password is read from --password or MAILCTL_PASSWORD,"
                + " or an existing hash from --password-hash")
        int create(@Parameters(paramLabel = "ADDRESS") String address,
                   @Option(names = "--password", defaultValue = "${env:MAILCTL_PASSWORD}") String password,
                   @Option(names = "--password-hash", description = "a hash in Dovecot's syntax, e.g. '{SHA512-CRYPT}$6$...'") String hash,
                   @Option(names = "--quota", defaultValue = "0", converter = ByteSize.class,
                           description = "bytes or 50M, 2G; 0 = the domain's default") long quota) {
            Map<String, Object> body = credential(password, hash);
            body.put("address", address);
            body.put("quotaBytes", quota);
            return root.object(root.api().post("/api/v1/accounts", body),
                    fields("address", "address", "quota", "quotaBytes", "created", "createdAt"));
        }

        /** {"password": ...} or, when a hash is given, {"passwordHash": ...} (the hash wins over MAILCTL_PASSWORD). */
        static Map<String, Object> credential(String password, String hash) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            if (hash != null) {
                body.put("passwordHash", hash);
            } else if (password != null) {
                body.put("password", password);
            } else {
                throw new ApiException(ExitCodes.USAGE, "give --password (or MAILCTL_PASSWORD) or --password-hash");
            }
            return body;
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "An account with its usage")
        int show(@Parameters(paramLabel = "ADDRESS") String address) {
            return root.object(root.api().get("/api/v1/accounts/" + seg(address) + "/usage"), USAGE);
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an account with all its mail")
        int delete(@Parameters(paramLabel = "ADDRESS") String address) {
            root.api().delete("/api/v1/accounts/" + seg(address));
            return root.print(Api.JSON.nullNode(), n -> "deleted " + address + " and its mail\n");
        }

        @Command(name = "password", mixinStandardHelpOptions = true, description = "Reset an account's password (--password or MAILCTL_PASSWORD, or --password-hash)")
        int password(@Parameters(paramLabel = "ADDRESS") String address,
                     @Option(names = "--password", defaultValue = "${env:MAILCTL_PASSWORD}") String password,
                     @Option(names = "--password-hash", description = "a hash in Dovecot's syntax") String hash) {
            return root.object(root.api().put("/api/v1/accounts/" + seg(address) + "/password", credential(password, hash)),
                    fields("address", "address", "password", "changed"));
        }

        @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable: no login, no mail accepted; mail is kept")
        int disable(@Parameters(paramLabel = "ADDRESS") String address) {
            return root.object(root.api().put("/api/v1/accounts/" + seg(address) + "/disabled", Map.of("disabled", true)), USAGE);
        }

        @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled account")
        int enable(@Parameters(paramLabel = "ADDRESS") String address) {
            return root.object(root.api().put("/api/v1/accounts/" + seg(address) + "/disabled", Map.of("disabled", false)), USAGE);
        }

        @Command(name = "quota", mixinStandardHelpOptions = true, description = "Set an account's quota (bytes, 0 = the domain's default)")
        int quota(@Parameters(paramLabel = "ADDRESS") String address,
                  @Parameters(paramLabel = "SIZE", converter = ByteSize.class, description = "bytes or 50M, 2G; 0 = the domain's default") long bytes) {
            return root.object(root.api().put("/api/v1/accounts/" + seg(address) + "/quota", Map.of("quotaBytes", bytes)), USAGE);
        }

        @Command(name = "import-passwd", mixinStandardHelpOptions = true, description = "Create accounts from a Dovecot passwd-file (user:{SCHEME}hash:uid:gid::home::extra);"
                + " bad lines are reported and skipped")
        int importPasswd(@Parameters(paramLabel = "FILE") java.nio.file.Path file,
                         @Option(names = "--domain", description = "domain of bare user names; other domains' lines are skipped") String domain,
                         @Option(names = "--update", description = "set the hash of existing accounts instead of skipping them") boolean update) {
            return new PasswdImport(root.api(), root.out()).run(file, domain, update);
        }
    }

    @Command(name = "dkim", mixinStandardHelpOptions = true, description = "DKIM signing keys of a domain and the TXT records to publish")
    static final class Dkim {
        @ParentCommand
        Mailctl root;

        static final List<Table.Column> COLUMNS = List.of(col("SELECTOR", "selector"), col("ALGORITHM", "algorithm"),
                col("ACTIVE", "active"), col("CREATED", "createdAt"), col("RETIRED", "retiredAt"), col("DNS NAME", "dnsName"));

        @Command(name = "list", mixinStandardHelpOptions = true, description = "A domain's keys, active first (the TXT records with --json)")
        int list(@Parameters(paramLabel = "DOMAIN") String domain) {
            return root.print(root.api().get("/api/v1/domains/" + seg(domain) + "/dkim-keys"), n -> Table.render(COLUMNS, n.path("items")));
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a key; it signs at once, so publish the record it prints")
        int create(@Parameters(paramLabel = "DOMAIN") String domain,
                   @Option(names = "--algorithm", required = true, description = "rsa-sha256 or ed25519-sha256") String algorithm,
                   @Option(names = "--selector", description = "default: from the month and algorithm, e.g. s202611r") String selector) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("algorithm", algorithm);
            if (selector != null) {
                body.put("selector", selector);
            }
            return root.print(root.api().post("/api/v1/domains/" + seg(domain) + "/dkim-keys", body), Dkim::record);
        }

        @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Replace the active key of an algorithm by a new one; the old one stays listed, retired")
        int rotate(@Parameters(paramLabel = "DOMAIN") String domain,
                   @Option(names = "--algorithm", required = true, description = "rsa-sha256 or ed25519-sha256") String algorithm) {
            return root.print(root.api().post("/api/v1/domains/" + seg(domain) + "/dkim-keys/rotate", Map.of("algorithm", algorithm)),
                    Dkim::record);
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key (unpublish its record once mail signed with it has been delivered)")
        int delete(@Parameters(paramLabel = "DOMAIN") String domain, @Parameters(paramLabel = "SELECTOR") String selector) {
            root.api().delete("/api/v1/domains/" + seg(domain) + "/dkim-keys/" + seg(selector));
            return root.print(Api.JSON.nullNode(), n -> "deleted " + selector + "._domainkey." + domain + "\n");
        }

        /** The key and its record in zone-file syntax, in strings of at most 255 characters (RFC 1035 section 3.3.14). */
        static String record(JsonNode key) {
            String txt = Table.text(key.path("txtRecord"));
            StringBuilder strings = new StringBuilder();
            for (int i = 0; i < txt.length(); i += 255) {
                strings.append(i == 0 ? "" : " ").append('"').append(txt, i, Math.min(txt.length(), i + 255)).append('"');
            }
            return String.format("selector   %s%nalgorithm  %s%nactive     %s%npublish    %s. IN TXT ( %s )%n",
                    Table.text(key.path("selector")), Table.text(key.path("algorithm")), Table.text(key.path("active")),
                    Table.text(key.path("dnsName")), strings);
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true, description = "Aliases, forwards and catch-alls (@domain)")
    static final class Alias {
        @ParentCommand
        Mailctl root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List aliases")
        int list(@Option(names = "--domain") String domain, @Mixin Paging p) {
            return root.page(root.api().get("/api/v1/aliases", params("domain", domain, "offset", p.offset, "limit", p.limit)),
                    List.of(col("ALIAS", "address"), col("TARGETS", "targets")));
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create ADDRESS (or @DOMAIN) -> TARGET...; list ADDRESS itself among the targets to keep a copy")
        int create(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
                   @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET") List<String> targets) {
            return root.object(root.api().post("/api/v1/aliases", Map.of("address", address, "targets", targets)),
                    fields("alias", "address", "targets", "targets"));
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an alias")
        int delete(@Parameters(paramLabel = "ADDRESS") String address) {
            root.api().delete("/api/v1/aliases/" + seg(address));
            return root.print(Api.JSON.nullNode(), n -> "deleted " + address + "\n");
        }

        @Command(name = "expand", mixinStandardHelpOptions = true, description = "The final recipients of ADDRESS, as delivery expands it")
        int expand(@Parameters(paramLabel = "ADDRESS") String address) {
            return root.object(root.api().get("/api/v1/aliases/" + seg(address) + "/expansion"),
                    fields("address", "address", "recipients", "recipients"));
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true, description = "The delivery log (the maillog)")
    static final class Log {
        @ParentCommand
        Mailctl root;

        @Command(name = "search", mixinStandardHelpOptions = true, description = "Search by queue id, sender, recipient, time (ISO-8601), status")
        int search(@Option(names = "--queue-id") String queueId, @Option(names = "--sender") String sender,
                   @Option(names = "--recipient") String recipient, @Option(names = "--from") String from,
                   @Option(names = "--to") String to,
                   @Option(names = "--status", description = "sent, deferred, bounced or held") String status, @Mixin Paging p) {
            JsonNode page = root.api().get("/api/v1/log", params("queueId", queueId, "sender", sender, "recipient", recipient,
                    "from", from, "to", to, "status", status, "offset", p.offset, "limit", p.limit));
            return root.page(page, List.of(col("TIME", "loggedAt"), col("QUEUE ID", "queueId"), col("TO", "recipient"),
                    col("ORIG TO", "origRecipient"), col("RELAY", "relay"), col("DSN", "dsn"), col("STATUS", "status"), col("REPLY", "reply")));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Health of every component; exit 8 unless all are UP")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        Mailctl root;

        @Override
        public Integer call() {
            JsonNode s = root.api().get("/api/v1/status");
            // Checks are many and long: the table shows the components; --json has every check.
            root.print(s, n -> Table.render(List.of(col("COMPONENT", "name"), col("STATUS", "status"), col("VERSION", "version"),
                    col("WANTED", "replicasWanted"), col("READY", "replicasReady"), col("URL", "url"), col("ERROR", "error")), n.path("components")) + "platform " + n.path("status").asText() + "\n");
            return "UP".equals(s.path("status").asText()) ? ExitCodes.OK : ExitCodes.UNHEALTHY;
        }
    }

    @Command(name = "route", mixinStandardHelpOptions = true, description = "How the platform would route mail to DOMAIN (MX, A/AAAA, null MX, transport)")
    static final class Route implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        Mailctl root;

        @Parameters(paramLabel = "DOMAIN")
        String domain;

        @Override
        public Integer call() {
            JsonNode r = root.api().get("/api/v1/route/" + seg(domain));
            return root.print(r, n -> String.format("%s: %s%s%n", n.path("domain").asText(), n.path("kind").asText(),
                    n.path("detail").asText().isEmpty() ? "" : " (" + n.path("detail").asText() + ")")
                    + Table.render(List.of(col("PREF", "preference"), col("HOST", "host"), col("PORT", "port"), col("ADDRESSES", "addresses")),
                    n.path("hosts")));
        }
    }

    @Command(name = "probe", mixinStandardHelpOptions = true, description = "What HOST[:PORT] says: banner, EHLO, STARTTLS, certificate; exit 8 if it could not be talked to")
    static final class Probe implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        Mailctl root;

        @Parameters(paramLabel = "HOST[:PORT]")
        String target;

        @Override
        public Integer call() {
            JsonNode r = root.api().get("/api/v1/probe/" + seg(target));
            root.print(r, Probe::human);
            return r.path("error").isNull() || r.path("error").isMissingNode() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
        }

        static String human(JsonNode n) {
            StringBuilder sb = new StringBuilder();
            if (n.path("connectMillis").asLong(-1) < 0) {
                // No TCP connection was made (refused, timed out, no address): say that, nothing else happened.
                return sb.append(String.format("cannot connect to %s%s:%d: %s%n", n.path("host").asText(),
                        n.path("address").isTextual() ? "[" + Table.text(n.path("address")) + "]" : "", n.path("port").asInt(),
                        Table.text(n.path("error")))).toString();
            }
            sb.append(String.format("connected to %s[%s]:%d in %d ms%n", n.path("host").asText(), Table.text(n.path("address")),
                    n.path("port").asInt(), n.path("connectMillis").asLong()));
            sb.append("< ").append(Table.text(n.path("banner"))).append('\n');
            n.path("ehlo").forEach(l -> sb.append("< 250 ").append(Table.text(l)).append('\n'));
            JsonNode tls = n.path("tls");
            if (!tls.isMissingNode() && !tls.isNull()) {
                sb.append(String.format("TLS %s %s; trusted: %s%s; name matches: %s%n", Table.text(tls.path("protocol")),
                        Table.text(tls.path("cipherSuite")), tls.path("trusted").asBoolean(),
                        tls.path("trusted").asBoolean() ? "" : " (" + Table.text(tls.path("trustProblem")) + ")",
                        tls.path("hostnameMatches").asBoolean()));
                int i = 0;
                for (JsonNode c : tls.path("chain")) {
                    sb.append(String.format("  cert %d subject=%s issuer=%s notAfter=%s san=%s%n", i++, Table.text(c.path("subject")),
                            Table.text(c.path("issuer")), Table.text(c.path("notAfter")), Table.text(c.path("subjectAltNames"))));
                }
                n.path("ehloAfterTls").forEach(l -> sb.append("< 250 ").append(Table.text(l)).append(" (after STARTTLS)\n"));
            } else if (n.path("starttlsOffered").asBoolean()) {
                sb.append("STARTTLS offered but not completed\n");
            } else {
                sb.append("no STARTTLS offered\n");
            }
            if (!n.path("error").isNull() && !n.path("error").isMissingNode()) {
                sb.append("error: ").append(Table.text(n.path("error"))).append('\n');
            }
            return sb.toString();
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log (admin role)")
    static final class Audit {
        @ParentCommand
        Mailctl root;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Changes, newest first")
        int list(@Option(names = "--actor") String actor, @Option(names = "--action") String action,
                 @Option(names = "--target") String target, @Mixin Paging p) {
            return root.page(root.api().get("/api/v1/audit", params("actor", actor, "action", action, "target", target,
                    "offset", p.offset, "limit", p.limit)), List.of(col("TIME", "at"), col("ACTOR", "actor"), col("ACTION", "action"),
                    col("TARGET", "target")));
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Tokens of the local stack's built-in issuer (admin role)")
    static final class Token {
        @ParentCommand
        Mailctl root;

        @Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue a token for SUBJECT with roles (admin, operator, viewer); prints the token")
        int issue(@Parameters(paramLabel = "SUBJECT") String subject,
                  @Option(names = "--role", required = true, description = "admin, operator or viewer (repeatable)") List<String> roles,
                  @Option(names = "--ttl-seconds") Long ttl) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("subject", subject);
            body.put("roles", roles);
            if (ttl != null) {
                body.put("ttlSeconds", ttl);
            }
            return root.print(root.api().post("/api/v1/tokens", body), n -> n.path("token").asText() + "\n");
        }
    }
}
