package dev.loopline.otel;

import dev.loopline.server.Exchange;
import dev.loopline.server.ExchangeObserver;
import dev.loopline.server.Filter;
import dev.loopline.server.Request;
import dev.loopline.server.RequestContext;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * OpenTelemetry tracing for a Loopline server: a {@link SpanKind#SERVER} span per request, named by method and route
 * pattern ({@code GET /todos/{id}}), child of the trace context the client sent (W3C {@code traceparent} and
 * {@code tracestate}, or whatever propagators the {@link OpenTelemetry} instance has), ended when the response's last
 * byte has been written, streamed bodies included. The span is current while the filters and the handler run and
 * in what Loopline runs for the request on other threads: {@link dev.loopline.server.Offload} pools,
 * {@link dev.loopline.server.Delay}, continuations brought back with {@link dev.loopline.server.Offload#loop}.
 *
 * <pre>{@code
 * Tracing tracing = Tracing.of(openTelemetry);
 * ServerConfig config = tracing.install(ServerConfig.builder()) ... .build();
 * Router router = Router.builder().filter(tracing.filter()) ... .build(); // first: outermost
 * }</pre>
 *
 * <p>Attributes (the stable HTTP semantic conventions): {@code http.request.method} ({@code _OTHER} for a
 * non-standard method, with {@code http.request.method_original}), {@code http.route}, {@code url.path},
 * {@code url.scheme}, {@code network.protocol.version}, {@code server.address}, {@code server.port},
 * {@code client.address}, {@code http.response.status_code}, and {@code error.type} (the status code for a 5xx; the
 * exception's class for a handler that failed; {@code BROKEN} or {@code ABANDONED} for a response that broke off or
 * whose client went away). A 5xx, a failure, a broken or an abandoned exchange sets the span's status to ERROR;
 * exceptions are recorded as span events. Without this module on the class path, nothing of it costs anything.
 */
public final class Tracing {

    /** The instrumentation scope name of the tracer. */
    public static final String SCOPE = "dev.loopline.server";

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "TRACE", "CONNECT");

    private static final TextMapGetter<Request> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Request request) {
            return request.headers().names();
        }

        @Override
        public String get(Request request, String key) {
            return request == null ? null : request.headers().firstValue(key).orElse(null);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    // The span of each exchange in progress, by its context (the same object for every request derived from it);
    // removed when the observer hears of the exchange's end, whatever the end.
    private final ConcurrentHashMap<RequestContext, Span> open = new ConcurrentHashMap<>();
    private final ExchangeObserver observer = new SpanEnder();

    private Tracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Tracing with the tracer and propagators of {@code openTelemetry}. */
    public static Tracing of(OpenTelemetry openTelemetry) {
        return new Tracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** Registers {@link #observer()} on {@code config}: spans then end at the last byte. Returns {@code config}. */
    public ServerConfig.Builder install(ServerConfig.Builder config) {
        return config.observer(observer);
    }

    /**
     * The observer that ends each span when its exchange ends, and carries the current context across Loopline's
     * thread hops. It must be registered ({@link #install}) on the server that runs {@link #filter()}, or spans would
     * never end.
     */
    public ExchangeObserver observer() {
        return observer;
    }

    /**
     * The filter that starts each request's span and makes it current while the filters after it and the handler run.
     * Add it first on the router, so that its span covers the others and it sees the route pattern.
     */
    public Filter filter() {
        return this::trace;
    }

    /** Spans started and not yet ended (for tests: none may be left once every exchange has ended). */
    int openSpans() {
        return open.size();
    }

    private CompletionStage<Response> trace(Request request, dev.loopline.server.Handler next) {
        RequestContext exchange = request.context();
        if (open.containsKey(exchange)) {
            return next.handle(request); // a second Tracing filter on the same request: the first one's span stands
        }
        Context parent = propagator.extract(Context.root(), request, HEADERS);
        Span span = start(request, parent);
        // A request served by a Loopline server has the exchange as its context (the observer ends the span at the
        // last byte); one built without a server (a unit test of a handler) ends its span when its stage completes.
        boolean served = exchange instanceof Exchange;
        if (served) {
            open.put(exchange, span);
            if (exchange.isCancelled()) { // timed out or abandoned before this filter ran: it may have been reported
                endAbandoned(exchange);
            }
        }
        CompletionStage<Response> stage;
        try (Scope ignored = parent.with(span).makeCurrent()) {
            stage = next.handle(request);
        } catch (RuntimeException | Error failure) {
            failed(span, failure);
            if (!served) {
                span.end();
            }
            throw failure;
        }
        if (stage == null) {
            if (!served) {
                span.end();
            }
            return null; // the server answers 500 for it; the observer ends the span
        }
        return stage.whenComplete((response, failure) -> {
            if (failure != null) {
                failed(span, failure);
            }
            if (!served) {
                if (response != null) {
                    span.setAttribute(STATUS_CODE, (long) response.status());
                }
                span.end();
            }
        });
    }

    private void endAbandoned(RequestContext exchange) {
        Span span = open.remove(exchange);
        if (span != null) {
            span.setAttribute(ERROR_TYPE, Exchange.Outcome.ABANDONED.name());
            span.setStatus(StatusCode.ERROR, "the request was cancelled before it was traced");
            span.end();
        }
    }

    private Span start(Request request, Context parent) {
        String method = request.method();
        String route = request.route();
        boolean known = KNOWN_METHODS.contains(method);
        String spanMethod = known ? method : "HTTP";
        SpanBuilder builder = tracer.spanBuilder(route.isEmpty() ? spanMethod : spanMethod + " " + route)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute(METHOD, known ? method : "_OTHER")
                .setAttribute(PATH, request.path())
                .setAttribute(SCHEME, request.context().scheme())
                .setAttribute(PROTOCOL_VERSION, version(request.protocol()));
        if (!known) {
            builder.setAttribute(METHOD_ORIGINAL, method);
        }
        if (!route.isEmpty()) {
            builder.setAttribute(ROUTE, route);
        }
        String authority = request.context().authority();
        if (!authority.isEmpty()) {
            int colon = authority.lastIndexOf(':');
            boolean hasPort = colon > authority.lastIndexOf(']');
            builder.setAttribute(SERVER_ADDRESS, hasPort ? authority.substring(0, colon) : authority);
            if (hasPort) {
                try {
                    builder.setAttribute(SERVER_PORT, Long.parseLong(authority.substring(colon + 1)));
                } catch (NumberFormatException notAPort) {
                    // an authority the server accepted has a numeric port; nothing to record otherwise
                }
            }
        }
        InetSocketAddress client = request.context().clientAddress();
        if (client != null) {
            builder.setAttribute(CLIENT_ADDRESS, client.getHostString());
        }
        return builder.startSpan();
    }

    /** {@code HTTP/1.1} → {@code 1.1}. */
    /** "1.1", "1.0" or "2" (the semantic conventions' spelling for HTTP/2, whose request says "HTTP/2.0"). */
    private static String version(String protocol) {
        String version = protocol.startsWith("HTTP/") ? protocol.substring(5) : protocol;
        return version.equals("2.0") ? "2" : version;
    }

    private static void failed(Span span, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        span.recordException(cause);
        span.setAttribute(ERROR_TYPE, cause.getClass().getName());
        span.setStatus(StatusCode.ERROR);
    }

    /** Ends spans at the last byte, and carries the current context across thread hops. */
    private final class SpanEnder implements ExchangeObserver {

        @Override
        public void ended(Exchange exchange) {
            Span span = open.remove(exchange.request().context());
            if (span == null) {
                return; // the filter did not run for it (a route outside the traced router)
            }
            String route = exchange.route();
            if (!route.isEmpty()) { // a route matched after the filter ran (a group's filter, a redirect)
                String method = exchange.request().method();
                span.setAttribute(ROUTE, route);
                span.updateName((KNOWN_METHODS.contains(method) ? method : "HTTP") + " " + route);
            }
            Response response = exchange.response();
            if (response != null) {
                span.setAttribute(STATUS_CODE, (long) response.status());
                if (response.status() >= 500) {
                    span.setAttribute(ERROR_TYPE, Integer.toString(response.status()));
                    span.setStatus(StatusCode.ERROR);
                }
            }
            if (exchange.outcome() != Exchange.Outcome.COMPLETED) {
                span.setAttribute(ERROR_TYPE, exchange.outcome().name());
                span.setStatus(StatusCode.ERROR, exchange.outcome() == Exchange.Outcome.BROKEN
                        ? "the response body broke off after its head was sent"
                        : "the client went away before the response was complete");
            }
            span.end();
        }

        @Override
        public boolean wantsDuration() {
            return false; // the span times itself
        }

        @Override
        public UnaryOperator<Runnable> captureContext() {
            Context context = Context.current();
            return context == Context.root() ? null : context::wrap;
        }

        @Override
        public String toString() {
            return "Tracing.observer()";
        }
    }
}
