package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.Request;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;

/** What code in other internal packages needs from a request's server: its pools, and bodies read on them. */
public final class ServerExecutors {

    private ServerExecutors() {
    }

    /** The server's CPU pool for {@code request}, or null for a request built without a server. */
    public static Executor cpu(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        return exchange == null ? null : exchange.connection.runtime().offload().cpu();
    }

    /**
     * The server's blocking executor for {@code request}, or, for a request built without a server, a shared
     * standalone one of the same kind. Either throws {@code RejectedExecutionException} when full.
     */
    public static Executor blocking(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        return exchange == null ? OffloadedHandler.standaloneBlocking()
                : exchange.connection.runtime().offload().blocking();
    }

    /**
     * Runs {@code action} when {@code request}'s exchange ends (its response written, or given up with its
     * connection), on the connection's loop; at once when the server has stopped. False for a request built without
     * a server: nothing will run it, the caller must.
     */
    public static boolean whenEnded(Request request, Runnable action) {
        ResponseSlot exchange = ResponseSlot.of(request);
        if (exchange == null) {
            return false;
        }
        try {
            exchange.connection.loop().execute(() -> exchange.whenEnded(action));
        } catch (RejectedExecutionException stopped) {
            action.run();
        }
        return true;
    }

    /** A body's bytes as a publisher; a writer or a file body is read on the server's blocking executor. */
    public static Flow.Publisher<ByteBuffer> publisher(Request request, Body body) {
        BodySource source = BodyParts.source(body);
        ResponseSlot exchange = ResponseSlot.of(request);
        if (source == null || exchange == null) {
            return body.publisher();
        }
        return source.publisher(exchange.connection.runtime().offload().blocking());
    }
}
