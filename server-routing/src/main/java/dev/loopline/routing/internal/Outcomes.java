package dev.loopline.routing.internal;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What filters need to see every outcome of the handler they wrap, including a throw or a failed stage: the
 * server turns those into responses only after every filter has run, too late for a filter to add a header.
 */
public final class Outcomes {

    private static final Logger log = LoggerFactory.getLogger("loopline.routing");
    /** The 500 the server sends for a failed handler, with the same detail. */
    public static final Response INTERNAL_ERROR = Response.problem(500,
            "the server failed to handle this request; the cause is in the server log");

    private Outcomes() {
    }

    /** Calls {@code next}, turning a synchronous throw into a failed stage. */
    public static CompletionStage<Response> call(Handler next, Request request) {
        try {
            CompletionStage<Response> stage = next.handle(request);
            return stage != null ? stage : CompletableFuture.failedFuture(
                    new IllegalStateException("handler returned null instead of a CompletionStage"));
        } catch (RuntimeException | Error error) {
            return CompletableFuture.failedFuture(error);
        }
    }

    /** The cause inside {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The status the server will send for a failure: an {@link HttpStatusException}'s, else 500. */
    public static int statusOf(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof HttpStatusException ? ((HttpStatusException) cause).status() : 500;
    }

    /**
     * The response for a failure, as the server would send it: an {@link HttpStatusException}'s own, else a 500
     * problem, after logging the failure with its stack (the server will not see it any more).
     *
     * @param requestId logged with the failure so the 500 can be found from the client's side; may be null
     */
    public static Response toResponse(Throwable error, Request request, String requestId) {
        Throwable cause = unwrap(error);
        if (cause instanceof HttpStatusException) {
            return ((HttpStatusException) cause).toResponse();
        }
        log.error("Handler for {} {} failed (request id {}); answering 500", request.method(), request.path(),
                requestId, cause);
        return INTERNAL_ERROR;
    }
}
