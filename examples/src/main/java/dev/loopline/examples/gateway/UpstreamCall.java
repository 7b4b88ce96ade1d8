package dev.loopline.examples.gateway;

import dev.loopline.routing.Json;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import io.opentelemetry.api.trace.Span;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.BoundRequestBuilder;
import org.asynchttpclient.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One non-blocking GET to an upstream with its own timeout, turned into the upstream's part of the dashboard:
 * {@code {"status":"ok","tookMs":N,"data":{...}}} or {@code {"status":"unavailable","tookMs":N,"reason":"..."}}.
 * The returned future always completes normally, and never later than the timeout (plus scheduling).
 */
final class UpstreamCall {

    private static final Logger log = LoggerFactory.getLogger(UpstreamCall.class);

    private UpstreamCall() {
    }

    static CompletableFuture<ObjectNode> get(AsyncHttpClient client, Upstream upstream, Duration timeout,
            String requestId, ClientSpans spans) {
        long startNanos = System.nanoTime();
        CompletableFuture<Response> call;
        Span span = null;
        try {
            BoundRequestBuilder request = client.prepareGet(upstream.url().toString())
                    .setRequestTimeout(timeout) // AHC fails the call with a TimeoutException and closes its connection
                    .setHeader("Accept", "application/json")
                    .setHeader("X-Request-Id", requestId);
            span = spans.start(request, upstream.url()); // traceparent: the upstream joins the trace
            call = request.execute().toCompletableFuture();
        } catch (RuntimeException refused) { // for example a client already closed: a failure like any other
            call = CompletableFuture.failedFuture(refused);
        }
        Span callSpan = span;
        return call.handle((response, failure) -> {
            if (callSpan != null) {
                ClientSpans.end(callSpan, response, failure);
            }
            long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
            return failure == null ? answered(upstream, response, tookMs) : failed(upstream, failure, timeout, tookMs);
        });
    }

    private static ObjectNode answered(Upstream upstream, Response response, long tookMs) {
        int status = response.getStatusCode();
        if (status < 200 || status > 299) {
            log.warn("upstream {} answered {}", upstream.name(), status);
            return unavailable("answered " + status, tookMs);
        }
        JsonNode data;
        try {
            data = Json.mapper().readTree(response.getResponseBodyAsBytes());
        } catch (JacksonException e) {
            log.warn("upstream {} answered {} with invalid JSON: {}", upstream.name(), status, e.getOriginalMessage());
            return unavailable("answered invalid JSON", tookMs);
        }
        ObjectNode part = Json.mapper().createObjectNode();
        part.put("status", "ok");
        part.put("tookMs", tookMs);
        part.set("data", data);
        return part;
    }

    private static ObjectNode failed(Upstream upstream, Throwable failure, Duration timeout, long tookMs) {
        Throwable cause = unwrap(failure);
        String reason;
        if (cause instanceof TimeoutException) {
            reason = "no answer within " + timeout.toMillis() + " ms";
        } else if (cause instanceof ConnectException) {
            reason = "could not connect";
        } else {
            reason = "request failed";
        }
        // The client sees the reason; the log keeps the detail (which may name internal hosts).
        log.warn("upstream {} ({}) unavailable: {}", upstream.name(), upstream.url(), cause.toString());
        return unavailable(reason, tookMs);
    }

    private static ObjectNode unavailable(String reason, long tookMs) {
        ObjectNode part = Json.mapper().createObjectNode();
        part.put("status", "unavailable");
        part.put("tookMs", tookMs);
        part.put("reason", reason);
        return part;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
