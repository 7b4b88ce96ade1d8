package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.TlsLoad;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.List;

/**
 * tls-plaintext: {@code GET /plaintext} over HTTP/1.1 on {@value RunPlan#THROUGHPUT_CONNECTIONS} keep-alive TLS
 * connections (the handshakes happen before the window): the cost of the record layer per request, per engine. wrk
 * (https) when installed, else the Java TLS driver.
 */
final class TlsThroughputScenario implements Scenario {

    @Override
    public String name() {
        return "tls-plaintext";
    }

    @Override
    public String description() {
        return "GET " + BenchContract.PLAINTEXT_PATH + " over HTTP/1.1 + TLS, closed loop on "
                + RunPlan.THROUGHPUT_CONNECTIONS + " keep-alive connections (wrk when installed, else the Java TLS "
                + "driver); variant = the server's TLS engine. req/s and CPU µs per request against raw Netty on the "
                + "same engine.";
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
        String variant = session.listener.variant();
        if (session.wrk.isPresent()) {
            session.add(session.measureRuns(window -> session.wrk.get().run(session.cpus.loadPrefix(),
                    session.url(BenchContract.PLAINTEXT_PATH), RunPlan.THROUGHPUT_CONNECTIONS, session.loadThreads(),
                    1, window), name(), variant));
            return;
        }
        session.addThroughput(TlsLoad.keepAlive(session.host(), session.server.port(), BenchContract.PLAINTEXT_PATH,
                RunPlan.THROUGHPUT_CONNECTIONS, session.loadThreads()), name(), variant);
    }
}
