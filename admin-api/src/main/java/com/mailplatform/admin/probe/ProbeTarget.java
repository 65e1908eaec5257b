package com.mailplatform.admin.probe;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;

/** {@code HOST[:PORT]} or {@code [IPv6]:PORT}; the port defaults to 25 (SMTP, RFC 5321 section 4.5.4.2). */
public record ProbeTarget(String host, int port) {

    public static ProbeTarget parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty() || s.length() > 300) {
            throw new IllegalArgumentException("target must be HOST or HOST:PORT");
        }
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated [IPv6] literal");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected :PORT after ]");
                }
                port = rest.substring(1);
            }
            if (!host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("not an IPv6 address: " + host);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            }
            try {
                MailAddress.validateDomain(host);
            } catch (AddressException e) {
                throw new IllegalArgumentException("not a host name or address: " + e.getMessage());
            }
        }
        int p = 25;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port must be 1..65535");
            }
        }
        return new ProbeTarget(host, p);
    }
}
