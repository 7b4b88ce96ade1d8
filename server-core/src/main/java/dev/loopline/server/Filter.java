package dev.loopline.server;

import java.util.concurrent.CompletionStage;

/** Middleware: sees the request before, and the response after, the handler it wraps. */
@FunctionalInterface
public interface Filter {

    /** Handles {@code request}, usually by calling {@code next} (before, after or instead of it). */
    CompletionStage<Response> filter(Request request, Handler next);

    /** Returns a handler that runs this filter around {@code next}. */
    default Handler wrap(Handler next) {
        return request -> filter(request, next);
    }

    /** Returns a filter that runs this one outside {@code inner}. */
    default Filter andThen(Filter inner) {
        return (request, next) -> filter(request, inner.wrap(next));
    }
}
