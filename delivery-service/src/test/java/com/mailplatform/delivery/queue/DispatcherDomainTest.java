package com.mailplatform.delivery.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 14: remote recipients are grouped and routed by the A-label (DNS knows no U-labels). */
class DispatcherDomainTest {

    @Test
    void uLabelsAreRoutedByTheirALabel() {
        assertEquals("xn--bcher-kva.test", Dispatcher.domainOf("j\u00fcrgen@B\u00fccher.test"));
        assertEquals("xn--bcher-kva.test", Dispatcher.domainOf("a@xn--bcher-kva.test"), "both spellings: one transaction");
        assertEquals("remote.test", Dispatcher.domainOf("a@Remote.TEST"));
        assertEquals("[192.0.2.1]", Dispatcher.domainOf("a@[192.0.2.1]"));
        // Not a domain: kept as it is, so the route look-up fails on it and says why (a bounce, not a crash).
        assertEquals("stra\u00dfe.test", Dispatcher.domainOf("a@stra\u00dfe.test"));
    }
}
