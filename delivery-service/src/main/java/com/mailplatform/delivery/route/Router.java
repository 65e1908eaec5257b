package com.mailplatform.delivery.route;

import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.route.Route.Kind;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Decides where mail for a remote domain goes (RFC 5321 section 5.1), in Postfix's order: transport map, relayhost,
 * then MX records by preference, then the domain's own A/AAAA records. Local domains never get here: the caller
 * has asked mailbox-store first.
 */
@ApplicationScoped
public class Router {

    /** Postfix's smtp_mx_address_limit: a domain with hundreds of addresses cannot keep one delivery busy forever. */
    static final int ADDRESS_LIMIT = 5;

    private final Dns dns;
    private final TransportMap transport;
    private final Optional<NextHop> relayhost;
    private final int smtpPort;
    private final Random random = new Random();

    public Router(Dns dns, DeliveryConfig config) {
        this.dns = dns;
        this.smtpPort = config.smtpPort();
        this.transport = TransportMap.parse(config.transport().orElse(List.of()), config.smtpPort());
        this.relayhost = config.relayhost().filter(s -> !s.isBlank()).map(s -> NextHop.parse(s, config.smtpPort()));
    }

    public Uni<Route> route(String domain) {
        return Uni.createFrom().item(() -> resolve(domain)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    Route resolve(String domain) {
        if (domain.isBlank()) {
            return new Route(domain, Kind.NONE, List.of(), "5.1.3", "bad address syntax: no domain");
        }
        Optional<NextHop> t = transport.lookup(domain);
        if (t.isPresent()) {
            return viaNextHop(domain, Kind.TRANSPORT, t.get());
        }
        if (relayhost.isPresent()) {
            return viaNextHop(domain, Kind.RELAYHOST, relayhost.get());
        }
        return viaMx(domain, domain, smtpPort, Kind.MX);
    }

    private Route viaNextHop(String domain, Kind kind, NextHop hop) {
        if (hop.mxLookup()) {
            Route r = viaMx(domain, hop.host(), hop.port(), kind);
            return new Route(domain, kind, r.hosts(), r.dsn(), r.detail());
        }
        return viaAddresses(domain, hop.host(), hop.port(), kind);
    }

    private Route viaMx(String domain, String name, int port, Kind kind) {
        Dns.Answer<MxOrder.Mx> mx = dns.mx(name);
        if (mx.noSuchDomain()) {
            return new Route(domain, Kind.NONE, List.of(), "5.1.2", "Host or domain name not found. Name service error for name=" + name + " type=MX: Host not found");
        }
        if (mx.noData()) {
            // RFC 5321 section 5.1: no MX records, so the domain itself is the implicit MX with preference 0.
            return viaAddresses(domain, name, port, kind == Kind.MX ? Kind.A : kind);
        }
        if (!mx.found()) {
            return new Route(domain, Kind.NONE, List.of(), "4.4.3", "Host or domain name not found. Name service error for name=" + name + " type=MX: Host not found, try again");
        }
        if (MxOrder.isNullMx(mx.records())) {
            return new Route(domain, Kind.NULL_MX, List.of(), "5.1.10", "Domain " + domain + " does not accept mail (nullMX)");
        }
        List<Destination> hosts = new ArrayList<>();
        int addresses = 0;
        boolean dnsTrouble = false;
        for (MxOrder.Mx m : MxOrder.order(mx.records(), random)) {
            if (m.host().equals(".") || addresses >= ADDRESS_LIMIT) {
                continue;
            }
            Dns.Answer<InetAddress> a = dns.addresses(m.host());
            if (a.records().isEmpty()) {
                dnsTrouble |= !a.noSuchDomain() && !a.noData();
                continue;
            }
            List<InetAddress> use = a.records().subList(0, Math.min(a.records().size(), ADDRESS_LIMIT - addresses));
            addresses += use.size();
            hosts.add(new Destination(m.host(), m.preference(), use, port));
        }
        if (hosts.isEmpty()) {
            // Postfix defers when no MX host has an address: a broken MX is usually fixed by its owner soon.
            return new Route(domain, Kind.NONE, List.of(), "4.4.3", "no MX host for " + name + " has an address"
                    + (dnsTrouble ? " (DNS lookup failed, try again)" : ""));
        }
        return new Route(domain, kind, List.copyOf(hosts), "2.0.0", "");
    }

    private Route viaAddresses(String domain, String host, int port, Kind kind) {
        Dns.Answer<InetAddress> a = dns.addresses(host);
        if (!a.records().isEmpty()) {
            List<InetAddress> use = a.records().subList(0, Math.min(a.records().size(), ADDRESS_LIMIT));
            return new Route(domain, kind, List.of(new Destination(host, 0, List.copyOf(use), port)), "2.0.0", "");
        }
        if (a.noSuchDomain() || a.noData()) {
            return new Route(domain, Kind.NONE, List.of(), "5.4.4", "Host or domain name not found. Name service error for name=" + host + " type=A: Host not found");
        }
        return new Route(domain, Kind.NONE, List.of(), "4.4.3", "Host or domain name not found. Name service error for name=" + host + " type=A: Host not found, try again");
    }
}
