package dev.loopline.loadtest.servers;

import dev.loopline.server.Body;
import dev.loopline.server.Handler;
import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The Loopline bench endpoints, written as a user writes handlers. Dispatch is a switch on the path only
 * because the router module is not available to this branch yet: this class is the one place to replace
 * with {@code Router.builder().get("/plaintext", this::plaintext)...} once it is.
 */
final class LooplineRoutes implements Handler {

    private static final Response HELLO = Response.of(200, BenchContract.TEXT_PLAIN, Body.of(BenchContract.HELLO));
    private static final Response NOT_FOUND = Response.status(404);
    private static final Response NOT_ALLOWED = Response.status(405).withHeader("Allow", "GET");
    private static final Response BAD_PARAMETER = Response.status(400);

    private final Handler cpu = Offload.cpu(this::cpuInline);

    @Override
    public CompletionStage<Response> handle(Request request) {
        if (!"GET".equals(request.method())) {
            return NOT_ALLOWED.completed();
        }
        switch (request.path()) {
            case BenchContract.PLAINTEXT_PATH:
                return HELLO.completed();
            case BenchContract.JSON_PATH:
                return Response.json(JsonPayload.helloJson()).completed();
            case BenchContract.SLOW_PATH:
                return slow(request);
            case BenchContract.CPU_PATH:
                return cpu.handle(request);
            case BenchContract.CPU_INLINE_PATH:
                return cpuInline(request); // the anti-pattern, on purpose: SHA-256 on the event loop
            default:
                return NOT_FOUND.completed();
        }
    }

    /** A timer, not a sleeping thread: core has no public timer, so the JDK's delayer thread completes it. */
    private CompletionStage<Response> slow(Request request) {
        OptionalInt millis = BenchContract.boundedInt(request.queryParam(BenchContract.SLOW_PARAM).orElse(null),
                BenchContract.SLOW_DEFAULT_MILLIS, BenchContract.SLOW_MAX_MILLIS);
        if (millis.isEmpty()) {
            return BAD_PARAMETER.completed();
        }
        return new CompletableFuture<Response>().completeOnTimeout(HELLO, millis.getAsInt(), TimeUnit.MILLISECONDS);
    }

    private CompletionStage<Response> cpuInline(Request request) {
        OptionalInt rounds = BenchContract.boundedInt(request.queryParam(BenchContract.CPU_PARAM).orElse(null),
                BenchContract.CPU_DEFAULT_ROUNDS, BenchContract.CPU_MAX_ROUNDS);
        if (rounds.isEmpty()) {
            return BAD_PARAMETER.completed();
        }
        return Response.of(200, BenchContract.TEXT_PLAIN, Body.of(CpuWork.sha256Chain(rounds.getAsInt()))).completed();
    }
}
