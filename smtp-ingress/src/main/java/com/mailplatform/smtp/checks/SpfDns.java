package com.mailplatform.smtp.checks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * jSPF's DNS through {@link CheckDns} (cached, single flight, never blocking): jSPF's own asynchronous service
 * ignores the resolver it is given. The obsolete type SPF (99) is never asked: RFC 7208 section 3.1 publishes SPF
 * records as TXT only and section 4.4 looks up TXT only; jSPF asks type SPF first, so it is answered "none" here
 * without a query (it was one of five queries per message).
 */
final class SpfDns implements DNSService {

    private final CheckDns dns;
    private int recordLimit = 10;

    SpfDns(CheckDns dns) {
        this.dns = dns;
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        int type = switch (request.getRecordType()) {
            case DNSRequest.A -> Type.A;
            case DNSRequest.AAAA -> Type.AAAA;
            case DNSRequest.MX -> Type.MX;
            case DNSRequest.PTR -> Type.PTR;
            case DNSRequest.TXT -> Type.TXT;
            case DNSRequest.SPF -> -1;
            default -> throw new IllegalArgumentException("DNS request type " + request.getRecordType());
        };
        if (type < 0) {
            // jSPF reads null as "no records" and goes on to TXT.
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<List<String>> out = new CompletableFuture<>();
        dns.lookup(request.getHostname(), type).subscribe().with(
                // The same strings jSPF's own service makes (null for none), so jSPF's checks read them as usual.
                records -> out.complete(DNSServiceXBillImpl.convertRecordsToList(records.toArray(new Record[0]))),
                // jSPF turns its TimeoutException into temperror (RFC 7208 section 2.6.6).
                e -> out.completeExceptionally(new TimeoutException(String.valueOf(e.getMessage()))));
        return out;
    }

    /** Only for jSPF's synchronous executor, which this service is not used with. */
    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
        try {
            return getRecordsAsync(request).toCompletableFuture().get(dns.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(String.valueOf(e.getMessage()));
        }
    }

    /** The %{r} macro's "domain of the host performing the check": none, so jSPF says "unknown" (RFC 7208 7.3). */
    @Override
    public List<String> getLocalDomainNames() {
        return List.of();
    }

    /** Each look-up is bounded by smtpd.checks.timeout instead. */
    @Override
    public void setTimeOut(int timeOut) {
    }

    @Override
    public int getRecordLimit() {
        return recordLimit;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
        this.recordLimit = recordLimit;
    }
}
