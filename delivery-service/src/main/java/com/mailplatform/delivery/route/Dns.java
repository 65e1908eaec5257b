package com.mailplatform.delivery.route;

import com.mailplatform.common.dns.DnsResolvers;
import com.mailplatform.delivery.DeliveryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * DNS through dnsjava with the configured resolvers (delivery.resolvers and dns-timeout, built by platform-common's
 * DnsResolvers; never the JVM's resolver, which knows no MX). Blocking: callers run it on worker threads.
 */
@ApplicationScoped
public class Dns {

    /** What a lookup found; {@code rcode} is one of dnsjava's Lookup result codes. */
    public record Answer<T>(int rcode, List<T> records) {
        public boolean found() {
            return rcode == Lookup.SUCCESSFUL;
        }

        public boolean noSuchDomain() {
            return rcode == Lookup.HOST_NOT_FOUND;
        }

        /** The name exists but has no record of the type (NODATA). */
        public boolean noData() {
            return rcode == Lookup.TYPE_NOT_FOUND;
        }
    }

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);

    public Dns(DeliveryConfig config) {
        try {
            resolver = DnsResolvers.create(config.resolvers().orElse(List.of()), config.dnsTimeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("delivery.resolvers: " + e.getMessage(), e);
        }
    }

    public Answer<MxOrder.Mx> mx(String domain) {
        Answer<Record> a = lookup(domain, Type.MX);
        List<MxOrder.Mx> out = new ArrayList<>();
        for (Record r : a.records()) {
            MXRecord mx = (MXRecord) r;
            String target = mx.getTarget().toString(true);
            out.add(new MxOrder.Mx(target.isEmpty() ? "." : target, mx.getPriority()));
        }
        return new Answer<>(a.rcode(), out);
    }

    /** A then AAAA records: IPv4 first, since many hosts announce AAAA without a route to it. */
    public Answer<InetAddress> addresses(String host) {
        if (host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            try {
                // An address literal (transport or relayhost [192.0.2.1]) needs no lookup.
                return new Answer<>(Lookup.SUCCESSFUL, List.of(Address.getByAddress(host)));
            } catch (UnknownHostException notLiteral) {
                return new Answer<>(Lookup.HOST_NOT_FOUND, List.of());
            }
        }
        Answer<Record> v4 = lookup(host, Type.A);
        if (v4.noSuchDomain()) {
            return new Answer<>(v4.rcode(), List.of());
        }
        Answer<Record> v6 = lookup(host, Type.AAAA);
        List<InetAddress> out = new ArrayList<>();
        v4.records().forEach(r -> out.add(((ARecord) r).getAddress()));
        v6.records().forEach(r -> out.add(((AAAARecord) r).getAddress()));
        int rcode = !out.isEmpty() ? Lookup.SUCCESSFUL
                : v4.rcode() == Lookup.TRY_AGAIN || v6.rcode() == Lookup.TRY_AGAIN ? Lookup.TRY_AGAIN : v4.rcode();
        return new Answer<>(rcode, out);
    }

    private Answer<Record> lookup(String name, int type) {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN);
        } catch (TextParseException e) {
            return new Answer<>(Lookup.HOST_NOT_FOUND, List.of());
        }
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        Record[] records = lookup.run();
        return new Answer<>(lookup.getResult(), records == null ? List.of() : List.of(records));
    }
}
