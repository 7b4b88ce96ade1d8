package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.TlsLoad;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.List;

/**
 * tls-handshakes: new TLS connections per second, each with one {@code GET /plaintext} and {@code Connection: close},
 * {@value #LANES} lanes in a closed loop, every handshake a full one (no session resumption). The req/s column is
 * handshakes per second and CPU µs per request is the server's CPU per handshake. Always the Java TLS driver: wrk
 * resumes its sessions across reconnects, which would measure resumption instead.
 */
final class TlsHandshakeScenario implements Scenario {

    static final int LANES = 16;

    @Override
    public String name() {
        return "tls-handshakes";
    }

    @Override
    public String description() {
        return "new TLS connections per second (full TLS 1.3 handshakes, EC P-256 certificate, X25519), each with one "
                + "GET " + BenchContract.PLAINTEXT_PATH + " and Connection: close, " + LANES + " lanes in a closed loop "
                + "(the Java TLS driver on OpenSSL); req/s = handshakes/s, CPU µs/req = server CPU per handshake; "
                + "variant = the server's TLS engine.";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return !Listener.tlsListeners(kind).isEmpty();
    }

    @Override
    public List<Listener> listeners(ServerKind kind) {
        return Listener.tlsListeners(kind);
    }

    @Override
    public void run(Session session) throws Exception {
        session.addThroughput(TlsLoad.handshakes(session.host(), session.server.port(), BenchContract.PLAINTEXT_PATH,
                LANES, session.loadThreads()), name(), session.listener.variant());
    }
}
