package com.mailplatform.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EphemeralPortsTest {

    private final EphemeralPorts linuxDefault = new EphemeralPorts(32768, 60999, "test");

    @Test
    void theLocalStackAndTheE2eOffsetsStayBelowTheRange() {
        linuxDefault.refuse(new Ports(10000).all());
        linuxDefault.refuse(new Ports(20000).all());
        // the IANA range of other systems is further up still
        new EphemeralPorts(49152, 65535, "test").refuse(new Ports(20000).all());
    }

    @Test
    void anOffsetThatPutsAPortInTheRangeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> linuxDefault.refuse(new Ports(40000).all()));
        assertTrue(e.getMessage().startsWith("port 45432 (postgresql) lies in this machine's ephemeral port range 32768-60999"),
                e.getMessage());
        // the smtp-ingress health port of the failed run: offset 40000, port 48082
        IllegalArgumentException only = assertThrows(IllegalArgumentException.class,
                () -> linuxDefault.refuse(java.util.Map.of("smtp-ingress HTTP", 48082)));
        assertTrue(only.getMessage().contains("48082 (smtp-ingress HTTP)"), only.getMessage());
    }

    @Test
    void thisMachinesRangeIsRead() {
        EphemeralPorts here = EphemeralPorts.ofThisMachine();
        assertTrue(here.low() > 1024 && here.low() <= here.high(), here.toString());
        if (java.nio.file.Files.exists(EphemeralPorts.LINUX)) {
            assertEquals(EphemeralPorts.LINUX.toString(), here.source(), "fell back although the kernel's range is readable");
        }
    }
}
