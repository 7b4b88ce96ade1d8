package dev.loopline.examples.gateway;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import org.asynchttpclient.BoundRequestBuilder;
import org.asynchttpclient.Response;

/**
 * Client spans for the gateway's upstream calls: a {@link SpanKind#CLIENT} span per call, child of the span current
 * where the call starts (the server span of the request, which Loopline's tracing makes current in the handler),
 * with its context injected into the outgoing headers ({@code traceparent}), so the upstream's spans join the trace.
 */
final class ClientSpans {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final TextMapSetter<BoundRequestBuilder> HEADERS = (builder, name, value) -> builder.setHeader(name,
            value);

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    ClientSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.loopline.examples.gateway");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Starts the span of a GET to {@code url} and puts its context into {@code call}'s headers. */
    Span start(BoundRequestBuilder call, URI url) {
        Span span = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, "GET")
                .setAttribute(URL, url.toString())
                .setAttribute(SERVER_ADDRESS, url.getHost())
                .setAttribute(SERVER_PORT, (long) url.getPort())
                .startSpan();
        propagator.inject(Context.current().with(span), call, HEADERS);
        return span;
    }

    /** Ends the span with the upstream's status, or the failure. */
    static void end(Span span, Response response, Throwable failure) {
        if (response != null) {
            span.setAttribute(STATUS_CODE, (long) response.getStatusCode());
            if (response.getStatusCode() >= 400) {
                span.setAttribute(ERROR_TYPE, Integer.toString(response.getStatusCode()));
                span.setStatus(StatusCode.ERROR);
            }
        }
        if (failure != null) {
            span.recordException(failure);
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
