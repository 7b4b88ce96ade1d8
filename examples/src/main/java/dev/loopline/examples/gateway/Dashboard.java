package dev.loopline.examples.gateway;

import dev.loopline.routing.Json;
import dev.loopline.routing.RequestId;
import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import io.opentelemetry.api.OpenTelemetry;
import org.asynchttpclient.AsyncHttpClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /dashboard}: calls every upstream at once and merges their JSON. Runs on the event loop and never
 * blocks it: the calls are non-blocking, and the merge runs on whichever client thread finishes last.
 *
 * <p>Always 200: {@code {"complete":true|false,"tookMs":N,"parts":{NAME: PART, ...}}}, where a failed or late
 * upstream's part is {@code {"status":"unavailable","reason":"..."}} and {@code complete} is false. The answer
 * comes within the timeout, whatever the upstreams do.
 */
public final class Dashboard implements Handler {

    private final AsyncHttpClient client;
    private final List<Upstream> upstreams;
    private final Duration timeout;
    private final ClientSpans spans;

    public Dashboard(AsyncHttpClient client, List<Upstream> upstreams, Duration timeout, OpenTelemetry openTelemetry) {
        this.client = client;
        this.upstreams = List.copyOf(upstreams);
        this.timeout = timeout;
        this.spans = new ClientSpans(openTelemetry);
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        long startNanos = System.nanoTime();
        String requestId = request.header(RequestId.HEADER).orElse("-");
        List<CompletableFuture<ObjectNode>> calls = new ArrayList<>(upstreams.size());
        for (Upstream upstream : upstreams) {
            calls.add(UpstreamCall.get(client, upstream, timeout, requestId, spans)); // all started before any is awaited
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(allDone -> {
            ObjectNode parts = Json.mapper().createObjectNode();
            boolean complete = true;
            for (int i = 0; i < upstreams.size(); i++) {
                ObjectNode part = calls.get(i).join(); // already done: join does not wait
                complete &= "ok".equals(part.get("status").asString());
                parts.set(upstreams.get(i).name(), part);
            }
            ObjectNode dashboard = Json.mapper().createObjectNode();
            dashboard.put("complete", complete);
            dashboard.put("tookMs", (System.nanoTime() - startNanos) / 1_000_000);
            dashboard.set("parts", parts);
            return Json.response(dashboard);
        });
    }
}
