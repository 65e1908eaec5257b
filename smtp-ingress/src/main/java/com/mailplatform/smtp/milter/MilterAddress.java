package com.mailplatform.smtp.milter;

/** A milter endpoint as Postfix writes it in smtpd_milters: {@code inet:host:port} (host may be [IPv6]). */
public record MilterAddress(String host, int port) {

    public static MilterAddress parse(String spec) {
        String s = spec.strip();
        if (!s.startsWith("inet:")) {
            throw new IllegalArgumentException("milter " + spec + ": only inet:host:port is supported");
        }
        String hp = s.substring(5);
        int colon = hp.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("milter " + spec + ": expected inet:host:port");
        }
        String host = hp.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("milter " + spec + ": bad port");
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("milter " + spec + ": bad host or port");
        }
        return new MilterAddress(host, port);
    }

    @Override
    public String toString() {
        return "inet:" + host + ":" + port;
    }
}
