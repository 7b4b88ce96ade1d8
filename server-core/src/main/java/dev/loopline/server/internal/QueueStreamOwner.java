package dev.loopline.server.internal;

import dev.loopline.server.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the streamed body of the first slot of a {@link ResponseQueue} ended. Loop thread only. */
final class QueueStreamOwner implements ResponseStream.Owner {

    private static final Logger log = LoggerFactory.getLogger(Loggers.HANDLER);

    private final ResponseQueue queue;
    private final ChannelHandlerContext ctx;
    private final ResponseSlot slot;
    private final ResponseWriter.ConnectionField field;

    QueueStreamOwner(ResponseQueue queue, ChannelHandlerContext ctx, ResponseSlot slot,
                     ResponseWriter.ConnectionField field) {
        this.queue = queue;
        this.ctx = ctx;
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
        ResponseStream stream = queue.streaming();
        queue.streamOver();
        if (!queue.isFirst(slot)) {
            return; // abandoned meanwhile
        }
        slot.streamedBytes(stream.written());
        queue.removeFirst(slot, null); // reported once the last write has gone out
        lastWrite.addListener(future -> queue.reporter().ended(slot, future.isSuccess()
                ? Exchange.Outcome.COMPLETED : Exchange.Outcome.ABANDONED));
        // closing since the body began (a drain, a Connection: close request): this was the last response
        if (field == ResponseWriter.ConnectionField.CLOSE || queue.isClosingAfterThis()) {
            queue.closeAfter(lastWrite, !slot.keepAlive());
            return;
        }
        queue.write();
        queue.runDeferred();
    }

    @Override
    public void streamBroken(String reason, Throwable failure) {
        slot.streamedBytes(queue.streaming().written());
        slot.outcome(Exchange.Outcome.BROKEN); // reported as it leaves the queue, when the connection has closed
        queue.streamOver();
        log.error("Response body of {} broke off after its head was sent ({}); closing the connection",
                slot.request, reason, failure);
        // what was written goes out first; then the close: the client sees a cut body, never a wrong one
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    }
