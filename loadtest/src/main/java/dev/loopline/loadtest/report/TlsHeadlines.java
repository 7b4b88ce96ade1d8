package dev.loopline.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Issue 22's headlines: Loopline against raw Netty over HTTP/2 and TLS (same scenario, same engine), Jetty and
 * Tomcat beside them, and each engine against the other (OpenSSL ÷ JDK) for the servers that have both.
 */
final class TlsHeadlines {

    private static final String LOOPLINE = "loopline";
    private static final List<String> PEERS = List.of("jetty-platform", "tomcat-platform");
    /** Scenario and variant of each line, in report order. */
    private static final List<String[]> ROWS = List.of(new String[] {"h2c-plaintext", ""},
            new String[] {"h2-plaintext", "openssl"}, new String[] {"h2-plaintext", "jdk"},
            new String[] {"tls-plaintext", "openssl"}, new String[] {"tls-plaintext", "jdk"},
            new String[] {"tls-handshakes", "openssl"}, new String[] {"tls-handshakes", "jdk"});

    private TlsHeadlines() {
    }

    static List<String> of(Comparisons comparisons) {
        List<String> lines = new ArrayList<>();
        for (String[] row : ROWS) {
            String scenario = row[0];
            String variant = row[1];
            Optional<Summary> ceiling = comparisons.find(scenario, variant, Comparisons.CEILING);
            if (ceiling.isEmpty()) {
                continue;
            }
            String name = scenario + (variant.isEmpty() ? "" : " (" + variant + ")");
            Optional<Summary> loopline = comparisons.find(scenario, variant, LOOPLINE);
            StringBuilder line = new StringBuilder(name).append(": ");
            line.append(loopline.map(l -> "loopline " + Format.rate(l.requestsPerSecond()) + " req/s = "
                    + Format.ratio(l.requestsPerSecond() / ceiling.get().requestsPerSecond()) + " of netty-raw ("
                    + Format.rate(ceiling.get().requestsPerSecond()) + " req/s); CPU per request "
                    + Format.micros(l.serverCpuMicrosPerRequest()) + " µs vs "
                    + Format.micros(ceiling.get().serverCpuMicrosPerRequest()) + " µs")
                    .orElse("loopline has no row (see Failures); netty-raw "
                            + Format.rate(ceiling.get().requestsPerSecond()) + " req/s, "
                            + Format.micros(ceiling.get().serverCpuMicrosPerRequest()) + " µs CPU per request"));
            for (String peer : PEERS) {
                comparisons.find(scenario, variant, peer).ifPresent(p -> line.append("; ").append(peer).append(' ')
                        .append(Format.rate(p.requestsPerSecond())).append(" req/s (")
                        .append(Format.ratio(p.requestsPerSecond() / ceiling.get().requestsPerSecond()))
                        .append(" of netty-raw), ").append(Format.micros(p.serverCpuMicrosPerRequest()))
                        .append(" µs"));
            }
            lines.add(line.toString());
        }
        for (String scenario : List.of("h2-plaintext", "tls-plaintext", "tls-handshakes")) {
            StringBuilder line = new StringBuilder();
            for (String server : List.of(Comparisons.CEILING, LOOPLINE)) {
                Optional<Summary> openSsl = comparisons.find(scenario, "openssl", server);
                Optional<Summary> jdk = comparisons.find(scenario, "jdk", server);
                if (openSsl.isPresent() && jdk.isPresent()) {
                    line.append(line.length() == 0 ? "" : "; ").append(server).append(' ')
                            .append(Format.ratio(openSsl.get().requestsPerSecond() / jdk.get().requestsPerSecond()))
                            .append(" the req/s, ")
                            .append(Format.ratio(jdk.get().serverCpuMicrosPerRequest()
                                    / openSsl.get().serverCpuMicrosPerRequest()))
                            .append(" less CPU per request");
                }
            }
            if (line.length() > 0) {
                lines.add(scenario + ", OpenSSL engine against the JDK's: " + line);
            }
        }
        return lines;
    }
}
