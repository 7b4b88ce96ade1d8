package dev.loopline.server.sigterm;

import dev.loopline.server.Delay;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import java.time.Duration;

/**
 * The child JVM of {@link SigtermTest}: a server with a slow route and no shutdown code of its own, so that only
 * the library's shutdown hook stands between a SIGTERM and lost requests.
 */
public final class SigtermServer {

    private SigtermServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        HttpServer server = HttpServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
                        .drainDelay(Duration.ofMillis(200)).shutdownGracePeriod(Duration.ofSeconds(10)).build(),
                request -> Delay.after(request, Duration.ofMillis(1500), () -> Response.text("done")));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // the server's own threads serve; SIGTERM ends the JVM
    }
}
