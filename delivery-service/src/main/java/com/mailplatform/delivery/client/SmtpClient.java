package com.mailplatform.delivery.client;

import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.protocol.DotStuffer;
import com.mailplatform.common.smtp.EhloExtensions;
import com.mailplatform.common.smtp.SmtpReply;
import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import com.mailplatform.delivery.route.Destination;
import com.mailplatform.delivery.route.Route;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Postfix's smtp(8) client: tries the route's hosts in order (RFC 5321 section 5.1) and delivers all recipients
 * of one message for that host in one transaction, with EHLO (HELO fallback), opportunistic STARTTLS (RFC 3207),
 * PIPELINING (RFC 2920), SIZE (RFC 1870), 8BITMIME (RFC 6152) and SMTPUTF8 (RFC 6531). The result is one {@link Outcome} per recipient.
 */
@ApplicationScoped
public class SmtpClient {

    private final Vertx vertx;
    private final NetClient net;
    private final DeliveryConfig config;
    private final TlsPolicy tlsPolicy;
    private final DestinationLimiter limiter;
    private final ConnectionCache cache;

    public SmtpClient(Vertx vertx, DeliveryConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.tlsPolicy = new TlsPolicy(config.smtpTlsRequired().orElse(List.of()));
        this.limiter = new DestinationLimiter(config.defaultDestinationConcurrencyLimit());
        this.cache = new ConnectionCache(vertx, config.smtpConnectionCacheTimeLimit().toMillis());
        // Opportunistic TLS (smtp_tls_security_level=may) authenticates nobody, so any certificate is accepted;
        // it still keeps passive eavesdroppers out. TLS 1.2+ only, as everywhere on the platform.
        this.net = vertx.createNetClient(new NetClientOptions()
                .setTcpNoDelay(true)
                .setTrustAll(true)
                .setHostnameVerificationAlgorithm("")
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setConnectTimeout((int) config.smtpConnectTimeout().toMillis()));
    }

    @PreDestroy
    void close() {
        net.close();
    }

    public Uni<List<Outcome>> deliver(Route route, OutboundMessage message, List<String> recipients) {
        List<Candidate> candidates = new ArrayList<>();
        for (Destination d : route.hosts()) {
            for (InetAddress a : d.addresses()) {
                candidates.add(new Candidate(d.host(), a, d.port()));
            }
        }
        boolean tlsRequired = tlsPolicy.requires(route.domain());
        return limiter.run(route.domain().toLowerCase(Locale.ROOT),
                () -> tryFrom(candidates, 0, message, recipients, tlsRequired, null));
    }

    private Uni<List<Outcome>> tryFrom(List<Candidate> candidates, int i, OutboundMessage m, List<String> rcpts,
                                       boolean tlsRequired, List<Outcome> lastFailure) {
        if (i >= candidates.size()) {
            return Uni.createFrom().item(lastFailure != null ? lastFailure
                    : all(rcpts, "none", "4.4.1", "no route to any host", 0, 0));
        }
        Transaction tx = new Transaction(candidates.get(i), m, rcpts, tlsRequired);
        return tx.run(true).flatMap(r -> r.staleCachedSession
                // The server closed the idle session meanwhile: the same host again, on a new connection.
                ? new Transaction(candidates.get(i), m, rcpts, tlsRequired).run(false)
                : Uni.createFrom().item(r))
                .flatMap(r -> r.tryNextHost
                        ? tryFrom(candidates, i + 1, m, rcpts, tlsRequired, r.outcomes)
                        : Uni.createFrom().item(r.outcomes));
    }

    static List<Outcome> all(List<String> rcpts, String relay, String dsn, String text, long connect, long transmit) {
        Status s = dsn.startsWith("5") ? Status.BOUNCED : Status.DEFERRED;
        return rcpts.stream().map(r -> new Outcome(r, "", relay, dsn, s, text, connect, transmit)).toList();
    }

    private record Candidate(String host, InetAddress address, int port) {
    }

    private record Result(List<Outcome> outcomes, boolean tryNextHost, boolean staleCachedSession) {
        Result(List<Outcome> outcomes, boolean tryNextHost) {
            this(outcomes, tryNextHost, false);
        }
    }

    /** One SMTP session with one host for one message. */
    private final class Transaction {
        private final Candidate c;
        private final OutboundMessage m;
        private final List<String> rcpts;
        private final boolean tlsRequired;
        private final long t0 = System.nanoTime();
        private SmtpConnection conn;
        private EhloExtensions ext = EhloExtensions.NONE;
        private long connectMillis;
        private boolean dotSent;
        private boolean reused;
        private boolean cleanEnd;

        Transaction(Candidate c, OutboundMessage m, List<String> rcpts, boolean tlsRequired) {
            this.c = c;
            this.m = m;
            this.rcpts = rcpts;
            this.tlsRequired = tlsRequired;
        }

        Uni<Result> run(boolean mayReuse) {
            ConnectionCache.Idle idle = mayReuse && cache.enabled()
                    ? cache.take(c.host() + "[" + c.address().getHostAddress() + "]:" + c.port()) : null;
            Uni<Void> ready;
            if (idle != null && (idle.connection().tls() || !tlsRequired)) {
                reused = true;
                conn = idle.connection();
                ext = idle.extensions();
                ready = Uni.createFrom().voidItem();
            } else {
                if (idle != null) {
                    idle.connection().close();
                }
                ready = open();
            }
            return ready
                    .flatMap(x -> {
                        connectMillis = elapsed();
                        return mailAndRcpt();
                    })
                    .invoke(r -> cleanEnd = true)
                    .onFailure().recoverWithItem(this::failed)
                    .call(r -> release());
        }

        private Uni<Void> open() {
            Duration cmd = config.smtpCommandTimeout();
            return SmtpConnection.open(vertx, net, c.host(), c.address(), c.port(), config.smtpConnectTimeout())
                    .onFailure().transform(e -> new SessionFailure("4.4.1", e.getMessage(), true))
                    .flatMap(opened -> {
                        conn = opened;
                        return conn.next(cmd, "receiving the initial server greeting");
                    })
                    .invoke(greeting -> expect(greeting, "the initial server greeting", true))
                    .flatMap(x -> hello())
                    .flatMap(x -> startTls());
        }

        private Uni<Void> hello() {
            Duration cmd = config.smtpCommandTimeout();
            return conn.command("EHLO " + config.myhostname(), cmd).flatMap(r -> {
                if (r.positive()) {
                    ext = EhloExtensions.parse(r);
                    return Uni.createFrom().voidItem();
                }
                if (r.transientFailure()) {
                    throw SessionFailure.fromReply(r, conn.relay(), "EHLO", true);
                }
                // RFC 5321 section 3.2: a server that does not know EHLO gets HELO.
                ext = EhloExtensions.NONE;
                return conn.command("HELO " + config.myhostname(), cmd)
                        .invoke(h -> expect(h, "HELO", true)).replaceWithVoid();
            });
        }

        private Uni<Void> startTls() {
            if (conn.tls() || !ext.has("STARTTLS")) {
                if (tlsRequired && !conn.tls()) {
                    throw new SessionFailure("4.7.4", "TLS is required, but was not offered by host " + conn.relay(), true);
                }
                return Uni.createFrom().voidItem();
            }
            return conn.command("STARTTLS", config.smtpCommandTimeout()).flatMap(r -> {
                if (r.code() != 220) {
                    if (tlsRequired) {
                        throw SessionFailure.fromReply(r, conn.relay(), "STARTTLS", true);
                    }
                    return Uni.createFrom().voidItem();
                }
                // RFC 3207 section 4.2: forget what was learnt before TLS and say EHLO again.
                return conn.startTls(c.host()).flatMap(x -> hello());
            });
        }

        private Uni<Result> mailAndRcpt() {
            long size = m.content().length;
            if (ext.sizeLimit() > 0 && size > ext.sizeLimit()) {
                throw new SessionFailure("5.3.4", "message size " + size + " exceeds size limit " + ext.sizeLimit()
                        + " of server " + conn.relay(), false);
            }
            // RFC 6531 section 3.4: a UTF-8 envelope address needs SMTPUTF8, and so does a message the client submitted
            // with SMTPUTF8 (its header fields may be UTF-8, RFC 6532, whatever the envelope); without it at the next
            // hop the message is returned, never downgraded (section 3.2; Postfix does the same, without trying the
            // next MX, and keeps the client's flag in the queue file as we keep it in the queue).
            boolean utf8 = m.smtputf8() || MailAddress.needsSmtputf8(m.sender())
                    || rcpts.stream().anyMatch(MailAddress::needsSmtputf8);
            if (utf8 && !ext.has("SMTPUTF8")) {
                throw new SessionFailure("5.6.7", "SMTPUTF8 is required, but was not offered by host " + conn.relay(), false);
            }
            StringBuilder mail = new StringBuilder("MAIL FROM:<").append(m.sender()).append('>');
            if (utf8) {
                mail.append(" SMTPUTF8");
            }
            if (ext.has("SIZE")) {
                mail.append(" SIZE=").append(size);
            }
            if (ext.has("8BITMIME") && eightBit(m.content())) {
                mail.append(" BODY=8BITMIME");
            }
            List<String> lines = new ArrayList<>();
            lines.add(mail.toString());
            rcpts.forEach(r -> lines.add("RCPT TO:<" + r + ">"));
            return exchange(lines).flatMap(replies -> {
                SmtpReply mailReply = replies.get(0);
                if (!mailReply.positive()) {
                    throw SessionFailure.fromReply(mailReply, conn.relay(), "MAIL FROM", mailReply.transientFailure());
                }
                List<Outcome> out = new ArrayList<>();
                List<String> accepted = new ArrayList<>();
                for (int i = 0; i < rcpts.size(); i++) {
                    SmtpReply r = replies.get(i + 1);
                    if (r.positive()) {
                        accepted.add(rcpts.get(i));
                    } else {
                        out.add(outcome(rcpts.get(i), r, "RCPT TO"));
                    }
                }
                if (accepted.isEmpty()) {
                    return Uni.createFrom().item(new Result(out, false));
                }
                return data(accepted, out);
            });
        }

        /** With PIPELINING the MAIL and RCPT commands go in one write; otherwise one at a time, stopping at a failed MAIL. */
        private Uni<List<SmtpReply>> exchange(List<String> lines) {
            Duration cmd = config.smtpCommandTimeout();
            List<SmtpReply> replies = new ArrayList<>();
            if (ext.has("PIPELINING")) {
                conn.sendAll(lines);
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (String l : lines) {
                    chain = chain.flatMap(x -> conn.next(cmd, "receiving the reply to " + l.split(":", 2)[0]))
                            .invoke(replies::add).replaceWithVoid();
                }
                return chain.map(x -> replies);
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String l : lines) {
                chain = chain.flatMap(x -> {
                    if (!replies.isEmpty() && !replies.get(0).positive()) {
                        replies.add(replies.get(0));
                        return Uni.createFrom().voidItem();
                    }
                    return conn.command(l, cmd).invoke(replies::add).replaceWithVoid();
                });
            }
            return chain.map(x -> replies);
        }

        private Uni<Result> data(List<String> accepted, List<Outcome> out) {
            return conn.command("DATA", config.smtpCommandTimeout()).flatMap(r -> {
                if (r.code() != 354) {
                    accepted.forEach(a -> out.add(outcome(a, r, "DATA")));
                    return Uni.createFrom().item(new Result(out, false));
                }
                dotSent = true;
                return conn.write(DotStuffer.smtpData(m.content()))
                        .flatMap(x -> conn.next(config.smtpDataDoneTimeout(), "sending end of data -- message may be sent more than once"))
                        .map(done -> {
                            accepted.forEach(a -> out.add(outcome(a, done, "end of DATA")));
                            return new Result(out, false);
                        });
            });
        }

        private Outcome outcome(String rcpt, SmtpReply r, String during) {
            Status s = r.positive() ? Status.SENT : r.transientFailure() ? Status.DEFERRED : Status.BOUNCED;
            String text = r.positive() ? r.oneLine()
                    : "host " + conn.relay() + " said: " + r.oneLine() + " (in reply to " + during + " command)";
            return new Outcome(rcpt, "", conn.relay(), r.dsn(),
                    s, text, connectMillis, elapsed() - connectMillis);
        }

        private Result failed(Throwable e) {
            if (reused && !dotSent && !(e instanceof SessionFailure)) {
                return new Result(List.of(), false, true);
            }
            String relay = conn == null ? "none" : conn.relay();
            long connect = connectMillis == 0 ? elapsed() : connectMillis;
            long transmit = connectMillis == 0 ? 0 : elapsed() - connectMillis;
            if (e instanceof SessionFailure f) {
                return new Result(all(rcpts, relay, f.dsn, f.getMessage(), connect, transmit), f.tryNextHost);
            }
            // Lost connection or timeout: after the final dot the message may have arrived, so no other host is
            // tried now (RFC 5321 section 6.1 accepts the duplicate that a later retry may make).
            return new Result(all(rcpts, relay, "4.4.2", e.getMessage(), connect, transmit), !dotSent);
        }

        private void expect(SmtpReply r, String during, boolean nextHostOnFailure) {
            if (!r.positive()) {
                throw SessionFailure.fromReply(r, conn.relay(), during, nextHostOnFailure);
            }
        }

        /** After a clean end the session is reset (RSET) and cached for the next message; otherwise QUIT. */
        private Uni<Void> release() {
            if (conn == null) {
                return Uni.createFrom().voidItem();
            }
            if (cleanEnd && cache.enabled() && conn.usable()) {
                SmtpConnection kept = conn;
                EhloExtensions keptExt = ext;
                return kept.command("RSET", config.smtpCommandTimeout())
                        .invoke(r -> {
                            if (r.positive()) {
                                cache.put(new ConnectionCache.Idle(kept, keptExt));
                            } else {
                                kept.close();
                            }
                        })
                        .onFailure().recoverWithItem(e -> {
                            kept.close();
                            return null;
                        })
                        .replaceWithVoid();
            }
            if (conn.usable()) {
                conn.send("QUIT");
            }
            conn.close();
            return Uni.createFrom().voidItem();
        }

        private long elapsed() {
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    /** Whether the content has octets above 127, so BODY=8BITMIME is needed (RFC 6152). */
    static boolean eightBit(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
