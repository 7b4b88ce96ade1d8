package dev.loopline.server.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose forwarding headers the server believes: a list of IPv4/IPv6 networks (CIDRs). Parses address
 * literals itself, so that nothing here ever asks DNS (it runs on an event loop). Immutable.
 */
public final class TrustedProxies {

    static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<byte[]> networks; // address bytes
    private final List<Integer> prefixes; // prefix length of each network

    private TrustedProxies(List<String> cidrs) {
        networks = new ArrayList<>(cidrs.size());
        prefixes = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            int slash = cidr.indexOf('/');
            byte[] address = parseAddress(slash < 0 ? cidr : cidr.substring(0, slash));
            networks.add(address);
            prefixes.add(slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1)));
        }
    }

    /** The proxies of {@code cidrs}, each already checked with {@link #problemWith}. */
    static TrustedProxies of(List<String> cidrs) {
        return cidrs.isEmpty() ? NONE : new TrustedProxies(cidrs);
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Null when {@code cidr} is an IP address or CIDR, else what is wrong with it. */
    public static String problemWith(String cidr) {
        if (cidr == null || cidr.isEmpty()) {
            return "an entry is empty";
        }
        int slash = cidr.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            return "\"" + cidr + "\" is not an IPv4 or IPv6 address";
        }
        if (slash >= 0) {
            String prefix = cidr.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(prefix) > address.length * 8) {
                return "\"" + cidr + "\" has a prefix length outside 0.." + address.length * 8;
            }
        }
        return null;
    }

    /** True when {@code address} lies in one of the trusted networks. */
    boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < networks.size(); i++) {
            byte[] network = networks.get(i);
            if (network.length == bytes.length && matches(network, bytes, prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] network, byte[] address, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }

    /**
     * The address an IPv4 dotted quad or an IPv6 literal (without brackets) names, or null when {@code text} is
     * neither. Never a DNS lookup: {@link InetAddress#getByName} is only called on text already known to be a
     * literal.
     */
    static InetAddress parse(String text) {
        byte[] bytes = parseAddress(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) { // only for a wrong length
            return null;
        }
    }

    private static byte[] parseAddress(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return null; // also rules out a zone id ("%eth0"), which a forwarded header has no business sending
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress(); // a literal: parsed, never looked up
            return bytes;
        } catch (UnknownHostException malformed) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                bytes[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? bytes : null;
    }
}
