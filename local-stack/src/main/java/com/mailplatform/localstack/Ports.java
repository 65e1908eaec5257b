package com.mailplatform.localstack;

/**
 * Where everything listens: the standard port plus an offset (10000 for the local stack, so 10025, 10110, 10143
 * run without privileges; the e2e tests take another offset so they can run beside a local stack).
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
    public int adminHttp() { return offset + 8080; }
    public int storeHttp() { return offset + 8081; }
    public int smtpHttp() { return offset + 8082; }
    public int deliveryHttp() { return offset + 8083; }
    public int gatewayHttp() { return offset + 8084; }
    public int storeGrpc() { return offset + 9081; }
    public int deliveryGrpc() { return offset + 9083; }
}
