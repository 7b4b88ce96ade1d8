package dev.loopline.testsupport;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;

/** Starts servers the way every test does: on 127.0.0.1, on a free port. */
public final class TestServers {

    private TestServers() {
    }

    public static HttpServer start(Handler handler) {
        return start(ServerConfig.builder(), handler);
    }

    public static HttpServer start(ServerConfig.Builder config, Handler handler) {
        return HttpServer.start(config.host("127.0.0.1").port(0).build(), handler);
    }
}
