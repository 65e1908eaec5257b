package com.mailplatform.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Real third-party programs for tests (swaks, postfix, dnsmasq, ...) come from Debian's packages. Tests call
 * {@link #ensure} so that the README's test command works on a fresh machine with nothing installed by hand.
 */
public final class DebianPackages {

    private static boolean updated;

    private DebianPackages() {
    }

    /** Installs the packages that are missing; fails the caller when that is impossible. */
    public static synchronized void ensure(String... packages) {
        List<String> missing = new ArrayList<>();
        for (String p : packages) {
            if (!statusInstalled(p)) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        if (run(install) != 0) {
            if (!updated) {
                run(List.of("apt-get", "update", "-qq"));
                updated = true;
            }
            if (run(install) != 0) {
                throw new IllegalStateException("cannot install Debian packages " + missing);
            }
        }
    }

    private static boolean statusInstalled(String p) {
        try {
            Process proc = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", p).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes());
            proc.waitFor();
            return out.contains("install ok installed");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            p.getInputStream().transferTo(System.out);
            return p.waitFor();
        } catch (IOException e) {
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
