package dev.loopline.server;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that serves a handler for a test: it starts the handler on 127.0.0.1 and a free port,
 * injects the base {@link URI}, a ready {@link AsyncHttpClient} and the {@link HttpServer} into test methods,
 * and fails any test during which a handler blocked an event loop (the loop guard in strict mode), with the
 * blocking stack in the failure. Needs {@code junit-jupiter-api} and {@code async-http-client} on the test
 * classpath (optional dependencies of this module).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LooplineExtension server = LooplineExtension.serving(MyService.router());
 *
 * @Test
 * void hello(AsyncHttpClient client, URI base) throws Exception {
 *     assertEquals(200, client.prepareGet(base.resolve("/hello").toString()).execute().get().getStatusCode());
 * }
 * }</pre>
 *
 * <p>In a static field the server serves the whole class; in an instance field, each test gets its own.
 * Strict mode fails a test for every block the guard catches in the act: one longer than the threshold
 * (100 ms unless {@link #configure configured}) plus one guard tick (a quarter of the threshold, at most 25 ms).
 */
public final class LooplineExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(5);

    private final Handler handler;
    private final UnaryOperator<ServerConfig.Builder> configuration;
    private HttpServer server;
    private AsyncHttpClient client;
    private boolean perClass;
    private long episodesBefore;

    private LooplineExtension(Handler handler, UnaryOperator<ServerConfig.Builder> configuration) {
        this.handler = handler;
        this.configuration = configuration;
    }

    /** Serves {@code handler} with the default configuration (and the loop guard at its default threshold). */
    public static LooplineExtension serving(Handler handler) {
        return new LooplineExtension(handler, UnaryOperator.identity());
    }

    /** The same, with changes to the configuration; host and port are always 127.0.0.1 and a free port. */
    public LooplineExtension configure(UnaryOperator<ServerConfig.Builder> changes) {
        return new LooplineExtension(handler, changes);
    }

    public HttpServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:PORT/} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    public AsyncHttpClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            start();
        }
        episodesBefore = server.stats().blockedEpisodes();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            failIfALoopWasBlocked();
        } finally {
            if (!perClass) {
                stop();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == URI.class || type == AsyncHttpClient.class || type == HttpServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == URI.class ? baseUri() : type == AsyncHttpClient.class ? client : server;
    }

    private void start() {
        ServerConfig config = configuration.apply(ServerConfig.builder()).host("127.0.0.1").port(0).build();
        if (config.loopGuardThreshold().isZero()) {
            throw new IllegalArgumentException("LooplineExtension needs the loop guard: loopGuardThreshold must not be 0");
        }
        server = HttpServer.start(config, handler);
        client = Dsl.asyncHttpClient(Dsl.config().setRequestTimeout(Duration.ofSeconds(30)).setKeepAlive(true));
    }

    private void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            if (server != null) {
                server.close();
            }
            server = null;
        }
    }

    /** Strict mode: a test during which any loop was blocked fails, with what blocked it. */
    private void failIfALoopWasBlocked() throws InterruptedException {
        waitForTheGuardToCatchUp();
        ServerStats stats = server.stats();
        long episodes = stats.blockedEpisodes() - episodesBefore;
        if (episodes > 0) {
            ServerStats.BlockedEpisode last = stats.lastBlocked();
            String frames = last.stack().stream().limit(12).map(frame -> "\tat " + frame)
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(episodes + " blocked event loop episode(s) during this test. The last: "
                    + last.thread() + " was blocked for at least " + last.blockedFor().toMillis() + " ms"
                    + (last.request() == null ? "" : " while handling " + last.request())
                    + ". Wrap the handler with Offload.blocking(...) or Offload.cpu(...). Loop thread stack:\n"
                    + frames);
        }
    }

    /** A block that ends just as the test does is still seen: wait until every loop has run a heartbeat. */
    private void waitForTheGuardToCatchUp() throws InterruptedException {
        Duration threshold = server.config().loopGuardThreshold();
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (System.nanoTime() < deadline && server.stats().loops().stream()
                .anyMatch(loop -> loop.currentLag().compareTo(threshold) >= 0)) {
            Thread.sleep(5);
        }
        Thread.sleep(Math.max(1, threshold.toMillis() / 4 + 5)); // one guard tick: a pending episode is recorded
    }
}
