package com.mailplatform.smtp.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Postfix's mynetworks: a list of CIDR blocks whose clients are trusted to relay. */
public final class Mynetworks {

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] addr) {
            if (addr.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (addr[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (addr[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private Mynetworks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Parses entries such as {@code 127.0.0.0/8}, {@code 10.1.2.3}, {@code [::1]/128}, {@code 2001:db8::/32}. */
    public static Mynetworks parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            String host = (slash < 0 ? e : e.substring(0, slash)).replace("[", "").replace("]", "");
            if (!host.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("mynetworks: not an address: " + raw);
            }
            byte[] addr;
            try {
                addr = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException ex) {
                throw new IllegalArgumentException("mynetworks: not an address: " + raw);
            }
            int prefix = slash < 0 ? addr.length * 8 : Integer.parseInt(e.substring(slash + 1));
            if (prefix < 0 || prefix > addr.length * 8) {
                throw new IllegalArgumentException("mynetworks: bad prefix length: " + raw);
            }
            blocks.add(new Block(addr, prefix));
        }
        return new Mynetworks(List.copyOf(blocks));
    }

    public boolean contains(String clientAddress) {
        if (blocks.isEmpty() || clientAddress == null || !clientAddress.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            byte[] addr = InetAddress.getByName(clientAddress).getAddress();
            for (Block b : blocks) {
                if (b.contains(addr)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
