package dev.loopline.examples.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.testsupport.Await;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.junit.jupiter.api.Test;

/**
 * One trace through the gateway: the caller's span, the gateway's server span, a client span per upstream call
 * (its context sent as {@code traceparent}), and each upstream's server span under its client span.
 */
class GatewayTracingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @Test
    void oneTraceRunsFromTheCallerThroughTheGatewayToEveryUpstream() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
             RunningExample gateway = GatewayService.start(ExampleOptions.forTest().with("slow-ms", "20"), sdk);
             AsyncHttpClient client = Dsl.asyncHttpClient()) {
            var response = client.prepareGet(gateway.displayUri() + "/dashboard")
                    .setHeader("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01").execute().get();
            assertEquals(200, response.getStatusCode(), response.getResponseBody());

            Await.until("seven spans: the gateway's, three calls, three upstreams",
                    () -> exporter.getFinishedSpanItems().size() == 7, exporter::getFinishedSpanItems);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertTrue(spans.stream().allMatch(span -> span.getTraceId().equals(TRACE_ID)), "one trace: " + spans);

            SpanData gatewaySpan = only(spans, span -> span.getName().equals("GET /dashboard"));
            assertEquals(SpanKind.SERVER, gatewaySpan.getKind());
            assertEquals(CALLER_SPAN, gatewaySpan.getParentSpanId());

            List<SpanData> calls = spans.stream().filter(span -> span.getKind() == SpanKind.CLIENT)
                    .collect(Collectors.toList());
            assertEquals(3, calls.size(), spans.toString());
            for (SpanData call : calls) {
                assertEquals(gatewaySpan.getSpanId(), call.getParentSpanId(), "each call is the gateway span's child");
            }
            Set<String> callIds = calls.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
            List<SpanData> upstreams = spans.stream().filter(span -> span.getKind() == SpanKind.SERVER
                    && span != gatewaySpan).collect(Collectors.toList());
            assertEquals(Set.of("GET /profile", "GET /orders", "GET /recommendations"),
                    upstreams.stream().map(SpanData::getName).collect(Collectors.toSet()));
            for (SpanData upstream : upstreams) {
                assertTrue(callIds.contains(upstream.getParentSpanId()),
                        upstream.getName() + " is the child of a call span (traceparent was sent): " + upstream);
            }
        }
    }

    private static SpanData only(List<SpanData> spans, java.util.function.Predicate<SpanData> which) {
        List<SpanData> matching = spans.stream().filter(which).collect(Collectors.toList());
        assertEquals(1, matching.size(), spans.toString());
        return matching.get(0);
    }
}
