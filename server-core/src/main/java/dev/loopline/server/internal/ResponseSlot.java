package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletionStage;

/**
 * The place of one request in its connection's response order. Created when the request's head arrives, so
 * that responses go out in request order whichever handler finishes first. Owned by the connection's loop.
 */
final class ResponseSlot {

    final boolean headRequest;  // HEAD: write the headers only
    final boolean keepAlive;    // false: close the connection after this response
    final boolean http10;       // an HTTP/1.0 keep-alive must be confirmed with "Connection: keep-alive"
    boolean continuePending;    // "100 Continue" is owed as soon as this slot is first in line
    DefaultRequest request;     // set once the body has arrived
    ScheduledFuture<?> timeout; // the handler timeout, while the handler runs
    CompletionStage<Response> stage; // what the handler returned, while it runs
    Response response;          // set once, when done
    boolean invoked;            // the handler has been called
    boolean done;

    ResponseSlot(boolean headRequest, boolean keepAlive, boolean http10) {
        this.headRequest = headRequest;
        this.keepAlive = keepAlive;
        this.http10 = http10;
    }

    /**
     * Tells offloaded work it is no longer wanted, so that a queued task never starts. Only the server's own
     * offload stages are cancelled: a stage a handler returned may be shared with other requests.
     */
    static void cancel(CompletionStage<Response> stage) {
        if (stage instanceof OffloadedHandler.Result) {
            ((OffloadedHandler.Result) stage).cancel(false);
        }
    }

    void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
