package dev.loopline.server.internal;

import dev.loopline.server.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a request came from when it passed through proxies: the client address, scheme and host that a trusted
 * proxy reports in {@code Forwarded} (RFC 7239) or, when that is absent, {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. Believed only when the socket peer is a trusted proxy;
 * the chain is read from the right, and the first hop that is not a trusted proxy is the client. Anything malformed
 * is ignored (the peer stays the client), never an error: a client controls these headers.
 */
final class Forwarding {

    /** What a trusted proxy says about the client; {@code scheme} and {@code host} are null when it says nothing. */
    record Origin(InetSocketAddress client, String scheme, String host) {
    }

    private Forwarding() {
    }

    /** The origin of a request that came from {@code peer} with {@code headers}. */
    static Origin resolve(Headers headers, InetSocketAddress peer, TrustedProxies proxies) {
        if (proxies.isEmpty() || peer == null || !proxies.contains(peer.getAddress())) {
            return new Origin(peer, null, null);
        }
        List<Hop> hops = headers.contains("Forwarded") ? forwarded(headers) : xForwarded(headers);
        if (hops == null || hops.isEmpty()) {
            return new Origin(peer, null, null);
        }
        InetSocketAddress client = peer;
        int index = hops.size() - 1;
        for (; index >= 0; index--) {
            InetSocketAddress hop = hops.get(index).address;
            if (hop == null) {
                break; // "unknown" or an obfuscated node: the client is behind it, its address unknown
            }
            client = hop;
            if (!proxies.contains(hop.getAddress())) {
                break;
            }
        }
        Hop chosen = hops.get(Math.max(0, index));
        return new Origin(client, chosen.scheme, chosen.host);
    }

    /**
     * The authority the client asked for: a trusted proxy's host, else the absolute-form target's authority, else
     * {@code Host}, else empty.
     */
    static String authority(Origin origin, DefaultRequest request) {
        if (origin.host() != null) {
            return origin.host();
        }
        String target = request.targetAuthority();
        return target != null ? target : request.headers().firstValue("Host").orElse("");
    }

    /** One element of a forwarding chain. */
    private record Hop(InetSocketAddress address, String scheme, String host) {
    }

    /** {@code Forwarded: for=192.0.2.60;proto=https;host=example.com, for="[2001:db8::1]:4711"}; null if malformed. */
    private static List<Hop> forwarded(Headers headers) {
        List<Hop> hops = new ArrayList<>(2);
        for (String value : headers.allValues("Forwarded")) {
            for (String element : splitOutsideQuotes(value, ',')) {
                InetSocketAddress address = null;
                String scheme = null;
                String host = null;
                for (String pair : splitOutsideQuotes(element, ';')) {
                    int equals = pair.indexOf('=');
                    if (equals <= 0) {
                        return null;
                    }
                    String name = pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                    String token = unquote(pair.substring(equals + 1).trim());
                    if (token == null) {
                        return null;
                    }
                    switch (name) {
                        case "for": address = node(token); break;
                        case "proto": scheme = scheme(token); break;
                        case "host": host = host(token); break;
                        default: break; // "by" and extensions say nothing about the client
                    }
                }
                hops.add(new Hop(address, scheme, host));
            }
        }
        return hops;
    }

    /** The {@code X-Forwarded-*} family; proto and host are matched to the client hop when the lists align. */
    private static List<Hop> xForwarded(Headers headers) {
        List<String> fors = list(headers, "X-Forwarded-For");
        List<String> protos = list(headers, "X-Forwarded-Proto");
        List<String> hosts = list(headers, "X-Forwarded-Host");
        if (fors.isEmpty()) {
            return null;
        }
        List<Hop> hops = new ArrayList<>(fors.size());
        for (int i = 0; i < fors.size(); i++) {
            hops.add(new Hop(node(fors.get(i)), scheme(aligned(protos, i, fors.size())),
                    host(aligned(hosts, i, fors.size()))));
        }
        return hops;
    }

    /** The value for hop {@code i}: the same position when the lists align, else the last (the nearest proxy's). */
    private static String aligned(List<String> values, int i, int hops) {
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == hops ? values.get(i) : values.get(values.size() - 1);
    }

    private static List<String> list(Headers headers, String name) {
        List<String> items = new ArrayList<>(2);
        for (String value : headers.allValues(name)) {
            for (String item : value.split(",")) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** An address with an optional port: {@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code [2001:db8::1]:80}. */
    private static InetSocketAddress node(String text) {
        String address = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            address = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    return null;
                }
                port = text.substring(close + 2);
            }
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
            address = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        InetAddress parsed = TrustedProxies.parse(address);
        if (parsed == null) {
            return null;
        }
        int portNumber = 0;
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65535) {
                return null; // an obfuscated port ("_abc"): the address alone is still good, but be strict
            }
            portNumber = Integer.parseInt(port);
        }
        return new InetSocketAddress(parsed, portNumber);
    }

    private static String scheme(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("http") || lower.equals("https") ? lower : null;
    }

    private static String host(String text) {
        return text != null && !text.isEmpty() && RequestValidator.isValidHost(text) ? text : null;
    }

    /** The token itself, or the content of a quoted-string (with its escapes); null for a broken quote. */
    private static String unquote(String token) {
        if (!token.startsWith("\"")) {
            return token;
        }
        if (token.length() < 2 || !token.endsWith("\"")) {
            return null;
        }
        StringBuilder text = new StringBuilder(token.length());
        for (int i = 1; i < token.length() - 1; i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < token.length() - 1) {
                c = token.charAt(++i);
            }
            text.append(c);
        }
        return text.toString();
    }

    private static List<String> splitOutsideQuotes(String value, char separator) {
        List<String> parts = new ArrayList<>(2);
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == separator && !quoted) {
                addTrimmed(parts, value.substring(start, i));
                start = i + 1;
            }
        }
        addTrimmed(parts, value.substring(start));
        return parts;
    }

    private static void addTrimmed(List<String> parts, String part) {
        String trimmed = part.trim();
        if (!trimmed.isEmpty()) {
            parts.add(trimmed);
        }
    }
}
