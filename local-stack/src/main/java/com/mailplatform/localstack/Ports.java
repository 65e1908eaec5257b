package com.mailplatform.localstack;

/**
 * Where everything listens: the standard port plus an offset (10000 for the local stack, so 10025, 10110, 10143
 * run without privileges; the e2e tests take 20000 so they can run beside a local stack). Both keep every port
 * below Linux's ephemeral range (32768 and up, see {@link EphemeralPorts}); the highest is the offset + 9083.
 */
public record Ports(int offset) {
    public int postgres() { return offset + 5432; }
    public int amqp() { return offset + 5672; }
    public int smtp() { return offset + 25; }
    public int submission() { return offset + 587; }
    public int submissions() { return offset + 465; }
    public int pop3() { return offset + 110; }
    public int imap() { return offset + 143; }
    public int imaps() { return offset + 993; }
    public int pop3s() { return offset + 995; }
    /** ManageSieve, RFC 5804 section 1.8. */
    public int managesieve() { return offset + 4190; }
    public int adminHttp() { return offset + 8080; }
    public int storeHttp() { return offset + 8081; }
    public int smtpHttp() { return offset + 8082; }
    public int deliveryHttp() { return offset + 8083; }
    public int gatewayHttp() { return offset + 8084; }
    public int storeGrpc() { return offset + 9081; }
    public int deliveryGrpc() { return offset + 9083; }

    /** Every port by what listens there. */
    public java.util.Map<String, Integer> all() {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put("postgresql", postgres());
        m.put("broker AMQP", amqp());
        m.put("SMTP", smtp());
        m.put("submission", submission());
        m.put("submissions", submissions());
        m.put("POP3", pop3());
        m.put("IMAP", imap());
        m.put("IMAPS", imaps());
        m.put("POP3S", pop3s());
        m.put("ManageSieve", managesieve());
        m.put("admin-api HTTP", adminHttp());
        m.put("mailbox-store HTTP", storeHttp());
        m.put("smtp-ingress HTTP", smtpHttp());
        m.put("delivery-service HTTP", deliveryHttp());
        m.put("imap-pop-gateway HTTP", gatewayHttp());
        m.put("mailbox-store gRPC", storeGrpc());
        m.put("delivery-service gRPC", deliveryGrpc());
        return m;
    }
}
