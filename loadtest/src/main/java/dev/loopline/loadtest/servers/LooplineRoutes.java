package dev.loopline.loadtest.servers;

import dev.loopline.routing.Router;
import dev.loopline.server.Body;
import dev.loopline.server.Delay;
import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.StaticFiles;
import dev.loopline.server.WebSocket;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/** The Loopline bench endpoints, written as a user writes a service: a router, handlers, and Offload.cpu. */
final class LooplineRoutes {

    private static final Response HELLO = Response.of(200, BenchContract.TEXT_PLAIN, Body.of(BenchContract.HELLO));
    private static final Response BAD_PARAMETER = Response.status(400);
    private static final java.nio.file.Path FILE = BenchFiles.oneMiB();
    /** Every text message back to its sender. */
    private static final WebSocketListener ECHO = new WebSocketListener() {
        @Override
        public void onText(WebSocket session, String text) {
            session.sendText(text);
        }
    };
    /** Where {@code /allocate} keeps its last array, so that the JIT cannot leave the allocation out. */
    private static volatile byte[] lastAllocated;

    private LooplineRoutes() {
    }

    static Router router() {
        return Router.builder()
                .get(BenchContract.PLAINTEXT_PATH, request -> HELLO.completed())
                .get(BenchContract.JSON_PATH, request -> Response.json(JsonPayload.helloJson()).completed())
                .get(BenchContract.SLOW_PATH, LooplineRoutes::slow)
                .get(BenchContract.CPU_PATH, Offload.cpu(LooplineRoutes::cpu))
                .get(BenchContract.CPU_INLINE_PATH, LooplineRoutes::cpu) // the anti-pattern, on purpose: on the loop
                .get(BenchContract.ALLOCATE_PATH, LooplineRoutes::allocate)
                .websocket(BenchContract.WEBSOCKET_PATH, WebSocketOptions.defaults().withCompression(false),
                        request -> ECHO)
                .get(BenchContract.FILE_PATH, request -> StaticFiles.file(request, FILE))
                .get(BenchContract.EVENTS_PATH, request -> LooplineEvents.subscribe(request).completed())
                .get(BenchContract.EXPORT_PATH, LooplineExport::export)
                .get(BenchContract.DOWNLOAD_PATH, request -> Response.of(200, "application/octet-stream",
                        Body.stream(new DownloadChunks(), (long) BenchContract.DOWNLOAD_CHUNK_BYTES
                                * BenchContract.DOWNLOAD_CHUNKS)).completed())
                .build();
    }

    /** {@code /plaintext}'s answer after allocating a known number of heap bytes (the allocation column's check). */
    private static CompletionStage<Response> allocate(Request request) {
        OptionalInt bytes = BenchContract.boundedInt(request.queryParam(BenchContract.ALLOCATE_PARAM).orElse(null),
                0, BenchContract.ALLOCATE_MAX_BYTES);
        if (bytes.isEmpty()) {
            return BAD_PARAMETER.completed();
        }
        lastAllocated = new byte[bytes.getAsInt()];
        return HELLO.completed();
    }

    /** A timer on the request's own event loop: no thread waits. */
    private static CompletionStage<Response> slow(Request request) {
        OptionalInt millis = BenchContract.boundedInt(request.queryParam(BenchContract.SLOW_PARAM).orElse(null),
                BenchContract.SLOW_DEFAULT_MILLIS, BenchContract.SLOW_MAX_MILLIS);
        if (millis.isEmpty()) {
            return BAD_PARAMETER.completed();
        }
        return Delay.after(request, Duration.ofMillis(millis.getAsInt()), () -> HELLO);
    }

    private static CompletionStage<Response> cpu(Request request) {
        OptionalInt rounds = BenchContract.boundedInt(request.queryParam(BenchContract.CPU_PARAM).orElse(null),
                BenchContract.CPU_DEFAULT_ROUNDS, BenchContract.CPU_MAX_ROUNDS);
        if (rounds.isEmpty()) {
            return BAD_PARAMETER.completed();
        }
        return Response.of(200, BenchContract.TEXT_PLAIN, Body.of(CpuWork.sha256Chain(rounds.getAsInt()))).completed();
    }
}
