package dev.loopline.server.test;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that serves a handler for a test: it starts the handler on 127.0.0.1 and a free port,
 * gives the base {@link URI}, a ready {@link AsyncHttpClient} and the {@link HttpServer} to test methods, and
 * fails any test during which a handler blocked one of the server's event loops (the loop guard in strict mode),
 * with the blocking stack in the failure.
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
 * <p>In a static field the server serves the whole class; in an instance field, each test gets its own. A test
 * class may register several: each has its own client and its own loop-guard verdict, and a parameter says
 * which server it means with {@link ServedBy @ServedBy("fieldName")} (or the test reads {@link #uri()},
 * {@link #client()} and {@link #server()} from the field). Strict mode fails a test for every block the guard
 * catches in the act: see {@link LoopGuardAssertions}.
 */
public final class LooplineExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final Handler handler;
    private final UnaryOperator<ServerConfig.Builder> configuration;
    // Owned by the test's thread: JUnit calls the callbacks of one extension one after another.
    private HttpServer server;
    private AsyncHttpClient client;
    private boolean perClass;
    private LoopGuardAssertions guard;

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

    /** The running server: its port, configuration and stats. */
    public HttpServer server() {
        return running();
    }

    /** The server's base URI, {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + running().port() + "/");
    }

    /** This server's client, open while the server runs. */
    public AsyncHttpClient client() {
        running();
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
        guard = LoopGuardAssertions.since(server, nameIn(context));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            guard.assertNoLoopBlocked();
        } finally {
            guard = null;
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
        if (type != URI.class && type != AsyncHttpClient.class && type != HttpServer.class) {
            return false;
        }
        Map<String, LooplineExtension> servers = RegisteredServers.in(context);
        if (servers.size() <= 1) {
            return true; // one server: an unannotated parameter is clear, and @ServedBy is checked when resolved
        }
        Optional<ServedBy> servedBy = parameter.findAnnotation(ServedBy.class);
        if (servedBy.isPresent() && servers.containsKey(servedBy.get().value())) {
            return servers.get(servedBy.get().value()) == this;
        }
        // Ambiguous or misnamed: the first server claims the parameter, so that JUnit reports its message.
        return servers.values().iterator().next() == this;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Map<String, LooplineExtension> servers = RegisteredServers.in(context);
        Optional<ServedBy> servedBy = parameter.findAnnotation(ServedBy.class);
        if (servedBy.isPresent() && !servedBy.get().value().equals(RegisteredServers.nameOf(this, servers))) {
            throw new ParameterResolutionException("@ServedBy(\"" + servedBy.get().value() + "\") on "
                    + describe(parameter) + " names no LooplineExtension field of this test; the fields are "
                    + servers.keySet());
        }
        if (servedBy.isEmpty() && servers.size() > 1) {
            throw new ParameterResolutionException(servers.size() + " Loopline servers serve this test ("
                    + String.join(", ", servers.keySet()) + "): say which one " + describe(parameter)
                    + " belongs to with @ServedBy(\"name\"), or read it from the field (name.uri(), name.client())");
        }
        Class<?> type = parameter.getParameter().getType();
        return type == URI.class ? uri() : type == AsyncHttpClient.class ? client() : server();
    }

    private static String describe(ParameterContext parameter) {
        String name = parameter.getParameter().isNamePresent() ? " " + parameter.getParameter().getName() : "";
        return "the " + parameter.getParameter().getType().getSimpleName() + name + " parameter (#"
                + (parameter.getIndex() + 1) + ") of " + parameter.getDeclaringExecutable().getName() + "()";
    }

    private String nameIn(ExtensionContext context) {
        Map<String, LooplineExtension> servers = RegisteredServers.in(context);
        return servers.size() > 1 ? RegisteredServers.nameOf(this, servers) : null;
    }

    private HttpServer running() {
        if (server == null) {
            throw new IllegalStateException("the server is not running: it starts before the tests (before each "
                    + "test for an instance field) and stops after them");
        }
        return server;
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
}
