package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.driver.WebSocketEchoLoad;
import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;

/**
 * websocket-echo: 64 WebSocket sessions on {@code /ws-echo} (Loopline's {@code router.websocket}, raw Netty's
 * handshaker and an echo handler), each sending a 32-byte text message and the next when its echo is back; echoes
 * per second in the req/s column, goal 0.9x raw Netty or better. (websocket-idle is an {@link IdleScenario}.)
 */
final class WebSocketScenario implements Scenario {

    private static final int ECHO_SESSIONS = 64;

    @Override
    public String name() {
        return "websocket-echo";
    }

    @Override
    public String description() {
        return ECHO_SESSIONS + " WebSocket sessions on " + BenchContract.WEBSOCKET_PATH + ", each sending a 32-byte "
                + "text message and the next when its echo is back: echoes per second in the req/s column; goal 0.9x "
                + "raw Netty or better.";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.LOOPLINE || kind == ServerKind.NETTY_RAW;
    }

    @Override
    public void run(Session session) throws Exception {
        session.addThroughput(WebSocketEchoLoad.start(session.host(), session.server.port(),
                BenchContract.WEBSOCKET_PATH, ECHO_SESSIONS, session.loadThreads()), name(), "");
    }
}
