package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.EventStreamLoad;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;

/**
 * sse-fanout: {@value #STREAMS} server-sent event streams on {@code /events}; the server broadcasts one ~100-byte
 * event to all of them every {@value BenchContract#EVENTS_INTERVAL_MILLIS} ms (Loopline through
 * {@code ServerSentEvents}, each stream with its bounded buffer; raw Netty through a {@code ChannelGroup}). Events
 * received per second in the req/s column (the offered rate is the same for both), latency from broadcast to receipt;
 * what to compare is the server's CPU per event and the latency's tail.
 */
final class EventFanOutScenario implements Scenario {

    static final int STREAMS = 1000;

    @Override
    public String name() {
        return "sse-fanout";
    }

    @Override
    public String description() {
        return STREAMS + " server-sent event streams on " + BenchContract.EVENTS_PATH + ", one ~100-byte event to all"
                + " of them every " + BenchContract.EVENTS_INTERVAL_MILLIS + " ms: events received per second in the"
                + " req/s column (the same offered rate for both servers), latency from broadcast to receipt; compare"
                + " CPU per event and the latency tail.";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.LOOPLINE || kind == ServerKind.NETTY_RAW;
    }

    @Override
    public void run(Session session) throws Exception {
        session.addThroughput(EventStreamLoad.start(session.host(), session.server.port(), BenchContract.EVENTS_PATH,
                STREAMS, session.loadThreads()), name(), "");
    }
}
