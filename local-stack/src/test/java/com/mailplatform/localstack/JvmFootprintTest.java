package com.mailplatform.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmFootprintTest {

    /** The children's JDK is this one: an option it rejects would keep every service from starting. */
    @Test
    void theChildJdkAcceptsTheOptionsAndStartsWithASmallHeap() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LocalStack.javaBin()));
        cmd.addAll(JvmFootprint.options("384m"));
        cmd.add("-XX:+PrintFlagsFinal");
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(16L << 20, flag(out, "InitialHeapSize"), "initial heap");
        assertEquals(384L << 20, flag(out, "MaxHeapSize"), "max heap");
        assertEquals(1, flag(out, "UseSerialGC"), "serial collector");
        if (JvmFootprint.knows("TrimNativeHeapInterval")) {
            assertEquals(JvmFootprint.TRIM_NATIVE_HEAP_INTERVAL_MS, flag(out, "TrimNativeHeapInterval"));
        }
    }

    /** A -XX:+PrintFlagsFinal line: "     size_t InitialHeapSize    = 16777216     {product} {command line}". */
    private static long flag(String printFlagsFinal, String name) {
        for (String line : printFlagsFinal.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[1].equals(name) && f[2].equals("=")) {
                return f[3].equals("true") ? 1 : f[3].equals("false") ? 0 : Long.parseLong(f[3]);
            }
        }
        throw new AssertionError(name + " not in -XX:+PrintFlagsFinal");
    }
}
