package com.mailplatform.admin.probe;

import java.time.Instant;
import java.util.List;

/** What a host said, in the order posttls-finger reports it. Fields are null when that step was not reached. */
public record ProbeResult(String host, int port, String address, long connectMillis, String banner, List<String> ehlo,
                          boolean starttlsOffered, Tls tls, List<String> ehloAfterTls, String error) {

    /** The TLS session and the server's certificate chain as presented (leaf first). */
    public record Tls(String protocol, String cipherSuite, boolean trusted, String trustProblem, boolean hostnameMatches,
                      List<Certificate> chain) {
    }

    public record Certificate(String subject, String issuer, List<String> subjectAltNames, Instant notBefore, Instant notAfter,
                              String sha256Fingerprint) {
    }
}
