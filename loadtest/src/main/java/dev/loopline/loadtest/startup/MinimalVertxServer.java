package dev.loopline.loadtest.startup;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.vertx.core.Vertx;

/**
 * The second start-up reference: a Vert.x 5 HTTP server as its documentation writes it. {@code startup-vertx PORT};
 * runs until the process is stopped.
 */
public final class MinimalVertxServer {

    private MinimalVertxServer() {
    }

    public static void main(String[] args) {
        // Only Vert.x on the class path would mean JDK logging; the loadtest jar's Logback must not count for it.
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        int port = Integer.parseInt(args[0]);
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.response().putHeader("content-type", "text/plain")
                        .end("Hello, World!"))
                .listen(port, "127.0.0.1")
                .await();
    }
}
