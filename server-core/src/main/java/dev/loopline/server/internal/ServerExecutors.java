package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.Request;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/** What code in other internal packages needs from a request's server: its pools, and bodies read on them. */
public final class ServerExecutors {

    private ServerExecutors() {
    }

    /** The server's CPU pool for {@code request}, or null for a request built without a server. */
    public static Executor cpu(Request request) {
        ResponseSlot exchange = ResponseSlot.of(request);
        return exchange == null ? null : exchange.connection.runtime().offload().cpu();
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
