package dev.loopline.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Body;
import dev.loopline.server.Delay;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Offload;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server spans over real sockets with the SDK's in-memory exporter: the client's trace context is the parent, the
 * span is current across an offload, a Delay and a continuation on the loop, it ends at the last byte, and an
 * abandoned download ends its span too (none is left open).
 */
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

    private InMemorySpanExporter exporter;
    private OpenTelemetrySdk sdk;
    private Tracer tracer;
    private Tracing tracing;

    @BeforeEach
    void sdk() {
        exporter = InMemorySpanExporter.create();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        tracer = sdk.getTracer("test");
        tracing = Tracing.of(sdk);
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    /** The traced filter around {@code handler}, as on a router whose route {@code pattern} matched. */
    private HttpServer serve(String pattern, Handler handler) {
        Handler traced = tracing.filter().wrap(handler);
        return TestServers.start(tracing.install(ServerConfig.builder().eventLoops(1)),
                request -> traced.handle(request.withRoute(pattern, Map.of())));
    }

    private static RawResponse get(HttpServer server, String target) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            return client.exchange("GET " + target + " HTTP/1.1\r\nHost: api.example:8443\r\ntraceparent: "
                    + TRACEPARENT + "\r\n\r\n");
        }
    }

    private List<SpanData> spans(int count) {
        Await.until(count + " span(s) ended", () -> exporter.getFinishedSpanItems().size() == count,
                () -> exporter.getFinishedSpanItems());
        return exporter.getFinishedSpanItems();
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
    }

    @Test
    void theServerSpanIsTheClientsChildAndTheParentOfWorkOnAnOffloadPool() throws Exception {
        try (HttpServer server = serve("/reports/{id}", Offload.cpu(request -> {
            Span work = tracer.spanBuilder("render").startSpan(); // on a CPU pool thread: its parent is current
            work.end();
            return Response.text("rendered").completed();
        }))) {
            assertEquals("rendered", get(server, "/reports/7?x=1").bodyText());
            List<SpanData> spans = spans(2);
            SpanData serverSpan = named(spans, "GET /reports/{id}");
            SpanData work = named(spans, "render");
            assertEquals(SpanKind.SERVER, serverSpan.getKind());
            assertEquals(TRACE_ID, serverSpan.getTraceId());
            assertEquals(PARENT_ID, serverSpan.getParentSpanId(), "the client's span is the parent");
            assertTrue(serverSpan.getParentSpanContext().isRemote());
            assertEquals(serverSpan.getSpanId(), work.getParentSpanId(), "work offloaded is the server span's child");
            assertEquals(TRACE_ID, work.getTraceId());

            var attributes = serverSpan.getAttributes();
            assertEquals("GET", attributes.get(Tracing.METHOD));
            assertEquals("/reports/{id}", attributes.get(Tracing.ROUTE));
            assertEquals("/reports/7", attributes.get(Tracing.PATH));
            assertEquals("http", attributes.get(Tracing.SCHEME));
            assertEquals("1.1", attributes.get(Tracing.PROTOCOL_VERSION));
            assertEquals("api.example", attributes.get(Tracing.SERVER_ADDRESS));
            assertEquals(8443L, attributes.get(Tracing.SERVER_PORT));
            assertEquals("127.0.0.1", attributes.get(Tracing.CLIENT_ADDRESS));
            assertEquals(200L, attributes.get(Tracing.STATUS_CODE));
            assertNull(attributes.get(Tracing.ERROR_TYPE));
            assertEquals(StatusCode.UNSET, serverSpan.getStatus().getStatusCode());
            Await.until("no span left open", () -> tracing.openSpans() == 0);
        }
    }

    @Test
    void theSpanIsCurrentAfterADelayAndInAContinuationBackOnTheLoop() throws Exception {
        Handler handler = request -> Delay.after(request, Duration.ofMillis(20), () -> {
            tracer.spanBuilder("after-delay").startSpan().end(); // on the loop, from the Delay's timer
            return "delayed";
        }).thenCompose(value -> CompletableFuture.supplyAsync(() -> value) // another thread: no context there
        ).thenApplyAsync(value -> {
            tracer.spanBuilder("continuation").startSpan().end(); // back on the loop via Offload.loop
            return Response.text(value);
        }, Offload.loop(request));
        try (HttpServer server = serve("/slow", handler)) {
            assertEquals("delayed", get(server, "/slow").bodyText());
            List<SpanData> spans = spans(3);
            String serverSpanId = named(spans, "GET /slow").getSpanId();
            assertEquals(serverSpanId, named(spans, "after-delay").getParentSpanId());
            assertEquals(serverSpanId, named(spans, "continuation").getParentSpanId());
        }
    }

    @Test
    void failuresSetTheErrorStatusAndAreRecorded() throws Exception {
        try (HttpServer server = serve("/broken", request -> {
            throw new IllegalStateException("the handler is broken");
        })) {
            assertEquals(500, get(server, "/broken").status());
            SpanData span = spans(1).get(0);
            assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
            assertEquals(500L, span.getAttributes().get(Tracing.STATUS_CODE));
            assertEquals("500", span.getAttributes().get(Tracing.ERROR_TYPE));
            assertTrue(span.getEvents().stream().anyMatch(event -> event.getName().equals("exception")
                    && "the handler is broken".equals(event.getAttributes()
                    .get(AttributeKey.stringKey("exception.message")))), span.getEvents().toString());
        }
        try (HttpServer server = serve("/conflict", request -> {
            throw new HttpStatusException(409, "taken");
        })) {
            assertEquals(409, get(server, "/conflict").status());
            SpanData span = spans(2).get(1);
            assertEquals(409L, span.getAttributes().get(Tracing.STATUS_CODE));
        }
    }

    @Test
    void aDownloadTheClientLeavesEndsItsSpanAbandonedAndLeavesNoneOpen() throws Exception {
        Flow.Publisher<ByteBuffer> endless = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private boolean cancelled;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !cancelled; i++) {
                    subscriber.onNext(ByteBuffer.wrap(new byte[8192]));
                }
            }

            @Override
            public synchronized void cancel() {
                cancelled = true;
            }
        });
        try (HttpServer server = serve("/forever", request ->
                Response.of(200, "text/plain", Body.stream(endless)).completed())) {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /forever HTTP/1.1\r\nHost: a\r\n\r\n");
                InputStream in = client.socket().getInputStream();
                in.readNBytes(100_000);
            }
            SpanData span = spans(1).get(0);
            assertEquals("ABANDONED", span.getAttributes().get(Tracing.ERROR_TYPE));
            assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
            assertTrue(span.hasEnded());
            assertEquals(0, tracing.openSpans());
        }
    }

    @Test
    void aRequestWithoutTraceContextStartsATraceAndNoContextLeaksOntoTheLoop() throws Exception {
        Handler traced = tracing.filter().wrap(request -> Response.text(
                Span.current().getSpanContext().getTraceId()).completed());
        Handler bare = request -> Response.text(Span.current().getSpanContext().isValid() ? "a span leaked"
                : "no span").completed(); // not traced: must not see the span of the request before it
        try (HttpServer server = TestServers.start(tracing.install(ServerConfig.builder().eventLoops(1)),
                request -> request.path().equals("/bare") ? bare.handle(request)
                        : traced.handle(request.withRoute("/plain", Map.of())))) {
            String first;
            String second;
            try (RawClient client = new RawClient(server.port())) {
                first = client.exchange("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n").bodyText();
                assertEquals("no span", client.exchange("GET /bare HTTP/1.1\r\nHost: a\r\n\r\n").bodyText());
                second = client.exchange("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n").bodyText();
            }
            List<SpanData> spans = spans(2);
            assertEquals(spans.get(0).getTraceId(), first, "the span was current in the handler");
            assertFalse(spans.get(0).getParentSpanContext().isValid(), "a root span");
            assertFalse(first.equals(second), "each request starts its own trace");
        }
    }

    @Test
    void aHandlerCalledWithoutAServerGetsItsSpanEndedWhenItsStageCompletes() throws Exception {
        Handler traced = tracing.filter().wrap(request -> Response.text("unit").completed());
        Response response = traced.handle(dev.loopline.server.Request.builder("GET", "/unit").build())
                .toCompletableFuture().get();
        assertEquals("unit", new String(response.body().bytes(), java.nio.charset.StandardCharsets.UTF_8));
        SpanData span = spans(1).get(0);
        assertEquals(200L, span.getAttributes().get(Tracing.STATUS_CODE));
        assertEquals(0, tracing.openSpans(), "nothing kept for a request without a server");
    }

    @Test
    void theRouteMatchedAfterTheFilterNamesTheSpan() throws Exception {
        Handler traced = tracing.filter().wrap(request -> {
            request.context().routeMatched("/late/{id}"); // as a group's router does, after the outer filter
            return Response.text("late").completed();
        });
        try (HttpServer server = TestServers.start(tracing.install(ServerConfig.builder().eventLoops(1)), traced)) {
            assertEquals("late", get(server, "/late/1").bodyText());
            SpanData span = spans(1).get(0);
            assertEquals("GET /late/{id}", span.getName());
            assertEquals("/late/{id}", span.getAttributes().get(Tracing.ROUTE));
        }
    }
}
