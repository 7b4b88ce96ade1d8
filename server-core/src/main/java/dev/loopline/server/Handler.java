package dev.loopline.server;

import java.util.concurrent.CompletionStage;

/**
 * The whole server contract: a request in, a future response out.
 *
 * <p>A handler is called on the event loop that owns the connection. It must not block or burn CPU there:
 * return an already-completed stage for cheap work, or wrap the handler with {@link Offload} for work that
 * blocks or computes. The stage may be completed from any thread; the response is always written on the
 * connection's own loop.
 */
@FunctionalInterface
public interface Handler {

    /** Answers {@code request}; called on the connection's event loop. */
    CompletionStage<Response> handle(Request request);

    /**
     * How this handler wants the body of a request whose head has just arrived (its body is not there yet): null for
     * the server's default (aggregated, up to {@link ServerConfig#maxBodyBytes()}). Asked only for a request that
     * announces a body. A router answers with the policy of the route the request matches; handlers made with
     * {@link BodyPolicy#applyTo}, filters and {@link Offload} pass their wrapped handler's answer on.
     */
    default BodyPolicy bodyPolicy(Request head) {
        return null;
    }

    /** Returns this handler wrapped by {@code filter}, so that the filter runs first. */
    default Handler with(Filter filter) {
        return filter.wrap(this);
    }
}
