package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.H2Load;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.List;
import java.util.Optional;

/**
 * h2c-plaintext and h2-plaintext: {@code GET /plaintext} over HTTP/2 with h2load, {@value #CONNECTIONS} connections
 * with {@value #STREAMS} concurrent streams each, closed loop per stream. h2c with prior knowledge on the cleartext
 * port; h2 by ALPN on a TLS port (Loopline and raw Netty on both engines, Jetty and Tomcat on the
 * JDK's). A server that does not speak HTTP/2 fails the row (h2load must not fall back to HTTP/1.1).
 */
final class Http2Scenario implements Scenario {

    static final int CONNECTIONS = 8;
    static final int STREAMS = 64;
    private static final java.time.Duration MIN_RUN = java.time.Duration.ofSeconds(1);

    private final String name;
    private final boolean tls;
    private final Optional<H2Load> h2load;

    private Http2Scenario(String name, boolean tls) {
        this.name = name;
        this.tls = tls;
        this.h2load = H2Load.find();
    }

    static Http2Scenario cleartext() {
        return new Http2Scenario("h2c-plaintext", false);
    }

    static Http2Scenario overTls() {
        return new Http2Scenario("h2-plaintext", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "GET " + BenchContract.PLAINTEXT_PATH + " over " + (tls ? "h2 (TLS, ALPN h2), variant = the TLS engine"
                : "h2c (prior knowledge)") + ": h2load, " + CONNECTIONS + " connections x " + STREAMS
                + " concurrent streams, closed loop per stream; req/s and CPU µs per request against raw Netty's"
                + " HTTP/2 (goal 0.9x or better).";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        // The servers with TLS rows: the virtual-thread variants run their platform twins' HTTP/2 code.
        return !Listener.tlsListeners(kind).isEmpty();
    }

    @Override
    public List<Listener> listeners(ServerKind kind) {
        return tls ? Listener.tlsListeners(kind) : List.of(Listener.CLEARTEXT);
    }

    @Override
    public Optional<String> unavailable() {
        return h2load.isPresent() ? Optional.empty() : Optional.of("h2load is not installed (Debian: apt-get install "
                + "nghttp2-client; loadtest/run.sh installs it when run as root)");
    }

    @Override
    public void run(Session session) throws Exception {
        H2Load tool = h2load.orElseThrow();
        String url = session.url(BenchContract.PLAINTEXT_PATH);
        String variant = session.listener.variant();
        H2Load.Negotiated[] negotiated = new H2Load.Negotiated[1];
        session.add(session.measureRuns(window -> {
            // At least 1 s: h2load opens its connections (and handshakes) inside the run, and counts only the
            // streams answered before it ends.
            H2Load.Result result = tool.run(session.cpus.loadPrefix(), url, CONNECTIONS, STREAMS,
                    session.loadThreads(), window.compareTo(MIN_RUN) < 0 ? MIN_RUN : window);
            negotiated[0] = result.negotiated();
            return result.sample();
        }, name, variant));
        session.note(name + " " + session.kind.benchName() + (variant.isEmpty() ? "" : " " + variant) + ": "
                + negotiated[0].describe());
    }
}
