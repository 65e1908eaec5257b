package com.mailplatform.common.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * The one way a service builds its dnsjava resolver (never the JVM's, which knows no MX or TXT), from the same two
 * settings wherever they are configured: {@code <prefix>.resolvers} (servers as {@code host}, {@code host:port},
 * {@code [v6]} or {@code [v6]:port}, port 53 by default; none means the system's resolvers) and
 * {@code <prefix>.dns-timeout} (the time one query may take in all). A truncated UDP answer is asked again over
 * TCP (dnsjava's SimpleResolver does that, RFC 7766 section 5).
 */
public final class DnsResolvers {

    /** The wait for one answer from one server before asking again (unbound's first retry is about as soon). */
    public static final Duration PER_TRY = Duration.ofSeconds(1);

    private DnsResolvers() {
    }

    /**
     * A resolver over {@code servers} whose queries end after {@code dnsTimeout}. UDP loses packets: each server is
     * asked again after {@link #PER_TRY}, up to dnsTimeout in all. With one wait of dnsTimeout, a single lost
     * datagram cost a whole dns-timeout (measured: 9% of queries under load on a busy resolver).
     *
     * @throws IllegalArgumentException when a server is not an address or a name that resolves
     */
    public static ExtendedResolver create(List<String> servers, Duration dnsTimeout) {
        if (dnsTimeout.isNegative() || dnsTimeout.isZero()) {
            throw new IllegalArgumentException("dns-timeout must be positive: " + dnsTimeout);
        }
        ExtendedResolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> list = new ArrayList<>();
            for (String s : servers) {
                list.add(new SimpleResolver(address(s)));
            }
            resolver = new ExtendedResolver(list);
        }
        Duration perTry = dnsTimeout.compareTo(PER_TRY) < 0 ? dnsTimeout : PER_TRY;
        for (Resolver each : resolver.getResolvers()) {
            each.setTimeout(perTry);
        }
        // ExtendedResolver's retries are tries per server; a part of a second left over still gets a try.
        long perTryMillis = perTry.toMillis();
        resolver.setRetries((int) Math.max(1, (dnsTimeout.toMillis() + perTryMillis - 1) / perTryMillis));
        resolver.setTimeout(dnsTimeout);
        return resolver;
    }

    /**
     * A server of the {@code resolvers} setting: {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or
     * a bare IPv6 address; port 53 by default.
     *
     * @throws IllegalArgumentException when it is none of these or its host does not resolve
     */
    public static InetSocketAddress address(String spec) {
        String s = spec.strip();
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("DNS server " + spec + ": unbalanced [");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("DNS server " + spec + ": expected :port after ]");
                }
                port = rest.substring(1);
            }
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_%-]+")) {
            throw new IllegalArgumentException("DNS server " + spec + ": bad host");
        }
        int p = 53;
        if (port != null) {
            if (!port.matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("DNS server " + spec + ": bad port");
            }
            p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("DNS server " + spec + ": port out of range");
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DNS server " + spec + ": " + e.getMessage(), e);
        }
    }
}
