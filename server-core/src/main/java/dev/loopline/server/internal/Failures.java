package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failed handler into the response the client sees; the one place that decides it, and logs it. */
public final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Loggers.HANDLER);
    private static final Response INTERNAL_ERROR = Response.problem(500,
            "the server failed to handle this request; the cause is in the server log");

    private Failures() {
    }

    /** An {@link HttpStatusException}'s own response (not logged: a client error), else 500 and one ERROR line. */
    public static Response toResponse(Request request, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HttpStatusException) {
            return ((HttpStatusException) cause).toResponse();
        }
        String requestId = request == null ? null : request.header("X-Request-Id").orElse(null);
        log.error("Handler for {}{} failed; answering 500", request,
                requestId == null ? "" : " (X-Request-Id " + requestId + ")", cause);
        return INTERNAL_ERROR;
    }

    /** 500 for a server-side mistake that is not an exception (a null response, say), logged by the caller. */
    /**
     * The response for a handler's failure; a failure to build it (a subclass gone wrong) is still a 500, never a
     * hang.
     */
    static Response responseFor(Request request, Throwable error) {
        try {
            return toResponse(request, error);
        } catch (RuntimeException broken) {
            broken.addSuppressed(error);
            log.error("Could not turn the failure of {} into a response; answering 500", request, broken);
            return internalError();
        }
    }

    static Response internalError() {
        return INTERNAL_ERROR;
    }

    /** The cause inside {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A body on 205 Reset Content is left out (RFC 9110 section 15.3.6): said once per response, as a WARN. */
    static void warnIfBodyOn205(Object request, dev.loopline.server.Response response) {
        if (response.status() == 205 && !response.body().isEmpty()) {
            log.warn("Handler for {} supplied a body with 205 Reset Content; answering 205 without it (RFC 9110"
                    + " section 15.3.6)", request);
        }
    }
}
