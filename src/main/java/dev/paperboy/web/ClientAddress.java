package dev.paperboy.web;

import dev.paperboy.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a request comes from, for rate limits and throttles. It is the socket's peer, unless that peer is one
 * of {@code server.trusted-proxies}: then it is the right-most address in {@code X-Forwarded-For} that is not itself
 * a trusted proxy. A client can write anything into {@code X-Forwarded-For}, so it is believed only from a proxy we
 * trust, and only the part that proxy appended.
 */
final class ClientAddress {
    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    static final ClientAddress NO_PROXIES = new ClientAddress(List.of());

    private final List<Block> trusted;

    private ClientAddress(List<Block> trusted) {
        this.trusted = trusted;
    }

    /**
     * Parses {@code server.trusted-proxies}: addresses or CIDR blocks, comma-separated ({@code 127.0.0.1, 10.0.0.0/8,
     * ::1}); empty for none.
     */
    static ClientAddress parse(List<String> entries) {
        var blocks = new ArrayList<Block>();
        for (String entry : entries) {
            String[] parts = entry.split("/", 2);
            byte[] network = literal(parts[0].strip());
            if (network == null) {
                throw new ConfigException("server.trusted-proxies must list IP addresses or CIDR blocks like 10.0.0.0/8, not '" + entry + "'");
            }
            int bits = network.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1].strip());
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new ConfigException("server.trusted-proxies: '" + entry + "' has a prefix length outside 0–" + network.length * 8);
                }
            }
            blocks.add(new Block(network, bits));
        }
        return new ClientAddress(List.copyOf(blocks));
    }

    /** The client's address given the socket's peer and the {@code X-Forwarded-For} header (may be null). */
    String of(String peer, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            byte[] address = literal(hop);
            if (address == null) {
                // Garbage where an address should be: stop believing the header here.
                return i == hops.length - 1 ? peer : hops[i + 1].strip();
            }
            if (!contains(address)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    private boolean isTrusted(String peer) {
        byte[] address = literal(peer);
        return address != null && contains(address);
    }

    private boolean contains(byte[] address) {
        for (Block b : trusted) {
            if (b.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IP literal, or null for anything else (never a DNS lookup). */
    private static byte[] literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (t.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] octets = t.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int n = Integer.parseInt(octets[i]);
                if (n > 255) {
                    return null;
                }
                out[i] = (byte) n;
            }
            return out;
        }
        // A colon makes InetAddress parse an IPv6 literal, never look a name up.
        if (!t.contains(":") || !t.matches("[0-9A-Fa-f:.%]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
