package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A filter that wraps every request in a user-written delegating {@link Request}, as filters commonly do: every
 * server feature still finds the request's connection through {@link Request#context()}.
 */
class DecoratedRequestTest {

    /** A user's decorator: every method delegates, and it says it is a decorator. */
    static final class DelegatingRequest implements Request {
        private final Request delegate;

        DelegatingRequest(Request delegate) {
            this.delegate = delegate;
        }

        @Override public String method() { return delegate.method(); }
        @Override public String target() { return delegate.target(); }
        @Override public String path() { return delegate.path(); }
        @Override public String rawQuery() { return delegate.rawQuery(); }
        @Override public Optional<String> queryParam(String name) { return delegate.queryParam(name); }
        @Override public List<String> queryParams(String name) { return delegate.queryParams(name); }
        @Override public Map<String, List<String>> queryParams() { return delegate.queryParams(); }
        @Override public Headers headers() { return delegate.headers(); }
        @Override public Body body() { return delegate.body(); }
        @Override public String pathParam(String name) { return delegate.pathParam(name); }
        @Override public Map<String, String> pathParams() { return delegate.pathParams(); }
        @Override public String route() { return delegate.route(); }
        @Override public Request withRoute(String pattern, Map<String, String> params) {
            return new DelegatingRequest(delegate.withRoute(pattern, params));
        }
        @Override public Request withHeader(String name, String value) {
            return new DelegatingRequest(delegate.withHeader(name, value));
        }
        @Override public <T> Request with(Key<T> key, T value) { return new DelegatingRequest(delegate.with(key, value)); }
        @Override public <T> Optional<T> attribute(Key<T> key) { return delegate.attribute(key); }
        @Override public RequestContext context() { return delegate.context(); }
        @Override public String protocol() { return delegate.protocol(); }
    }

    private static final Filter WRAP_EVERY_REQUEST = (request, next) -> next.handle(new DelegatingRequest(request));
    private static final Request.Key<String> USER = Request.Key.of("user");

    private static Handler decorated(Handler handler) {
        return handler.with(WRAP_EVERY_REQUEST);
    }

    private static RawResponse get(HttpServer server, String path) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
        }
    }

    @Test
    void offloadRunsOnTheServersOwnPools() throws Exception {
        Handler routes = request -> switch (request.path()) {
            case "/cpu" -> Offload.cpu(r -> Response.text(Thread.currentThread().getName()).completed()).handle(request);
            default -> Offload.blocking(r -> Response.text("blocking").completed()).handle(request);
        };
        try (HttpServer server = TestServers.start(decorated(routes))) {
            assertEquals(200, get(server, "/cpu").status());
            assertEquals(200, get(server, "/blocking").status());
            // A request the server did not recognise would run on a standalone pool, outside these counts.
            Await.until("the server's pools ran both", () -> server.stats().cpuPool().completed() == 1
                    && server.stats().blockingPool().completed() == 1, server::stats);
        }
    }

    @Test
    void delayAndOffloadLoopRunOnTheConnectionsLoop() throws Exception {
        ScheduledExecutorService elsewhere = Executors.newSingleThreadScheduledExecutor();
        try (HttpServer server = TestServers.start(decorated(request -> {
            if (request.path().equals("/delay")) {
                return Delay.after(request, Duration.ofMillis(20), () -> Response.text(Thread.currentThread().getName()));
            }
            // completed by another library's thread, continued on the request's loop
            CompletableFuture<String> other = new CompletableFuture<>();
            elsewhere.schedule(() -> other.complete("x"), 20, TimeUnit.MILLISECONDS);
            return other.thenApplyAsync(x -> Response.text(Thread.currentThread().getName()), Offload.loop(request));
        }))) {
            assertTrue(get(server, "/delay").bodyText().startsWith("loopline-loop-"));
            assertTrue(get(server, "/continued").bodyText().startsWith("loopline-loop-"));
        } finally {
            elsewhere.shutdownNow();
        }
    }

    @Test
    void readinessTurns503WhenShutdownBegins() throws Exception {
        HttpServer server = TestServers.start(ServerConfig.builder().drainDelay(Duration.ofSeconds(2)),
                decorated(Health.readiness()));
        try {
            assertEquals(200, get(server, "/ready").status());
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            Await.until("shutdown has begun", () -> server.stats().shuttingDown());
            assertEquals(503, get(server, "/ready").status());
            closing.get(30, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    @Test
    void attributesAndTheContextPassThroughTheDecorator() throws Exception {
        Filter login = (request, next) -> next.handle(request.with(USER, "ada"));
        Handler handler = request -> Response.text(request.attribute(USER).orElse("nobody") + " from "
                + request.context().clientAddress().getAddress().getHostAddress() + " via "
                + request.context().scheme() + "://" + request.context().authority()).completed();
        try (HttpServer server = TestServers.start(handler.with(login).with(WRAP_EVERY_REQUEST))) {
            assertEquals("ada from 127.0.0.1 via http://a", get(server, "/who").bodyText());
        }
    }

    @Test
    void theLoopGuardNamesTheRequestABlockingHandlerHolds() throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().loopGuardThreshold(Duration.ofMillis(50)),
                decorated(request -> {
                    sleep(400);
                    return Response.text("slept").completed();
                }))) {
            assertEquals(200, get(server, "/slow").status());
            Await.until("a blocked episode", () -> server.stats().blockedEpisodes() > 0);
            ServerStats.BlockedEpisode episode = server.stats().lastBlocked();
            assertNotNull(episode);
            assertEquals("GET /slow", episode.request());
        }
    }

    @Test
    void limitsAndTimeoutsStillApply() throws Exception {
        Handler handler = decorated(request -> request.path().equals("/never") ? new CompletableFuture<>()
                : Response.text(request.body().length() + " bytes").completed());
        try (HttpServer server = TestServers.start(ServerConfig.builder().maxBodyBytes(10)
                .handlerTimeout(Duration.ofMillis(200)), handler);
             RawClient client = new RawClient(server.port())) {
            assertEquals("5 bytes", client.exchange("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n"
                    + "hello").bodyText());
            assertEquals(503, client.exchange("GET /never HTTP/1.1\r\nHost: a\r\n\r\n").status());
            assertEquals(413, client.exchange("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n")
                    .status());
        }
    }

    @Test
    void aRequestBuiltWithoutAServerHasAStandaloneContext() {
        Request request = Request.builder("GET", "/x").header("Host", "example.com")
                .remoteAddress(new InetSocketAddress("192.0.2.7", 4000)).build();
        RequestContext context = new DelegatingRequest(request).context();
        assertEquals("example.com", context.authority());
        assertEquals("http", context.scheme());
        assertEquals(new InetSocketAddress("192.0.2.7", 4000), context.clientAddress());
        assertEquals(context, request.withHeader("X-A", "1").with(USER, "u").context());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
