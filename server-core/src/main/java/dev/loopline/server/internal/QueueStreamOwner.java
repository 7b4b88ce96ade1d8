package dev.loopline.server.internal;

import io.netty.channel.ChannelFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the streamed body of the first slot of a {@link ResponseQueue} ended. Loop thread only. */
final class QueueStreamOwner implements ResponseStream.Owner {

    private static final Logger log = LoggerFactory.getLogger(Loggers.HANDLER);

    private final ResponseQueue queue;
    private final ExchangeReporter reporter;
    private final ResponseSlot slot;
    private final ResponseWriter.ConnectionField field;

    QueueStreamOwner(ResponseQueue queue, ExchangeReporter reporter, ResponseSlot slot,
                     ResponseWriter.ConnectionField field) {
        this.queue = queue;
        this.reporter = reporter;
        this.slot = slot;
        this.field = field;
    }

    @Override
    public void streamFailedBeforeHead(Throwable failure) {
        queue.streamOver();
        if (queue.isFirst(slot)) {
            // nothing went out yet: an ordinary error response
            slot.response = Failures.responseFor(slot.request, failure);
            queue.write();
        }
    }

    @Override
    public void streamEnded(ChannelFuture lastWrite) {
        ResponseStream stream = queue.streamOver();
        if (!queue.isFirst(slot)) {
            return; // abandoned meanwhile
        }
        slot.streamedBytes(stream.written());
        queue.removeFirst(slot, null); // reported once the last write has gone out
        reporter.endedWhenWritten(slot, lastWrite, null);
        // closing since the body began (a drain, a Connection: close request): this was the last response
        if (queue.closedAfter(lastWrite, field == ResponseWriter.ConnectionField.CLOSE, !slot.keepAlive())) {
            return;
        }
        queue.write();
        queue.runDeferred();
    }

    @Override
    public void streamBroken(String reason, Throwable failure) {
        slot.streamedBytes(queue.streamOver().written());
        log.error("Response body of {} broke off after its head was sent ({}); closing the connection"
                + " (on HTTP/2: resetting the stream)", slot.request, reason, failure);
        // Nothing more goes out on this connection, not even a response already answered behind it: what was written
        // goes out first, then the close, so the client sees a cut body, never a wrong one.
        queue.brokeOff(slot);
    }
}
