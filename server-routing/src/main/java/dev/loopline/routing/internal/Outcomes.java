package dev.loopline.routing.internal;

import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a filter needs to see every outcome of the handler it wraps as a response, including a throw or a failed
 * stage: the server would turn those into responses only after every filter has run, too late for a filter to
 * add a header or log the status.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /**
     * Calls {@code next} and turns any failure (a throw, a failed stage, a null stage) into the response the
     * server sends for it, with {@link Response#fromFailure}, which logs it once.
     */
    public static CompletionStage<Response> respond(Handler next, Request request) {
        CompletionStage<Response> stage;
        try {
            stage = next.handle(request);
        } catch (RuntimeException | Error error) {
            return CompletableFuture.completedFuture(Response.fromFailure(request, error));
        }
        if (stage == null) {
            return CompletableFuture.completedFuture(Response.fromFailure(request,
                    new IllegalStateException("handler returned null instead of a CompletionStage")));
        }
        return stage.handle((response, error) -> error == null ? response : Response.fromFailure(request, error));
    }
}
