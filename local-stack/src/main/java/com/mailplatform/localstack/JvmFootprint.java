package com.mailplatform.localstack;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM options of every child JVM (services and broker): a small idle footprint without costing throughput.
 *
 * <p>Measured on the local stack (local-stack/README.md, "Memory"): a service's live heap is 7–18 MB, yet with the
 * JVM's defaults the initial heap is 1/64 of the machine's RAM (377 MB on a 24 GB host), so the young generation
 * alone is ~115 MB and all of it is touched before the first collection. A small initial heap lets the heap grow
 * only as far as the live data needs; the free ratios let a full collection give memory back after a burst. The
 * serial collector has the smallest overhead for heaps of this size (no per-region or per-thread structures). The
 * JVM's malloc'd memory that was freed (class parsing, JIT arenas at startup) stays with glibc until trimmed: a
 * periodic trim returned 20–30 MB per process.
 */
final class JvmFootprint {

    /** Where a collection leaves less than this share free, the heap grows (default 40). */
    static final int MIN_HEAP_FREE_PERCENT = 20;
    /** Where a full collection leaves more than this share free, the heap shrinks (default 70). */
    static final int MAX_HEAP_FREE_PERCENT = 40;
    /** How often freed native memory is returned to the OS (JDK 17.0.9 and newer, experimental there). */
    static final int TRIM_NATIVE_HEAP_INTERVAL_MS = 10_000;

    private JvmFootprint() {
    }

    /** The options for a child JVM whose heap may grow to {@code maxHeap} (a -Xmx value such as "384m"). */
    static List<String> options(String maxHeap) {
        List<String> o = new ArrayList<>(List.of(
                "-Xms16m", "-Xmx" + maxHeap, "-XX:+UseSerialGC",
                "-XX:MinHeapFreeRatio=" + MIN_HEAP_FREE_PERCENT, "-XX:MaxHeapFreeRatio=" + MAX_HEAP_FREE_PERCENT));
        // Children run on the launcher's JDK (LocalStack.javaBin), so asking this JVM tells whether theirs knows it.
        if (knows("TrimNativeHeapInterval")) {
            o.add("-XX:+UnlockExperimentalVMOptions");
            o.add("-XX:TrimNativeHeapInterval=" + TRIM_NATIVE_HEAP_INTERVAL_MS);
        }
        return o;
    }

    static boolean knows(String vmOption) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(vmOption);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
