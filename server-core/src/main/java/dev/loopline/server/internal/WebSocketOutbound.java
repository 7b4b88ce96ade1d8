package dev.loopline.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * A session's sends, from any thread: each goes to the session's loop, is refused once the session is closing, and
 * is bounded by the bytes already waiting for the peer: past the bound the send fails and the session is closed
 * (the slow-reader policy). The stage completes when the frame is written to the socket.
 */
final class WebSocketOutbound {

    private final ChannelHandlerContext ctx;
    private final long maxQueuedBytes;
    private final BooleanSupplier closed;
    private final Runnable onSent;
    private final Runnable onSlowReader;

    WebSocketOutbound(ChannelHandlerContext ctx, long maxQueuedBytes, BooleanSupplier closed, Runnable onSent,
                      Runnable onSlowReader) {
        this.ctx = ctx;
        this.maxQueuedBytes = maxQueuedBytes;
        this.closed = closed;
        this.onSent = onSent;
        this.onSlowReader = onSlowReader;
    }

    CompletionStage<Void> send(WebSocketFrame frame, boolean message) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        onLoop(result, () -> {
            if (closed.getAsBoolean()) {
                frame.release();
                result.completeExceptionally(new IllegalStateException("the WebSocket session is closed"));
                return;
            }
            ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
            long pending = buffer == null ? 0 : buffer.totalPendingWriteBytes();
            if (pending + frame.content().readableBytes() > maxQueuedBytes) {
                frame.release();
                result.completeExceptionally(new IllegalStateException("the client reads too slowly: " + pending
                        + " bytes wait for it, the limit is " + maxQueuedBytes));
                onSlowReader.run();
                return;
            }
            if (message) {
                onSent.run();
            }
            ctx.writeAndFlush(frame).addListener(written -> {
                if (written.isSuccess()) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(written.cause());
                }
            });
        });
        return result;
    }

    /** Runs {@code task} on the session's loop (at once when already there); fails {@code result} once it stopped. */
    void onLoop(CompletableFuture<?> result, Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException stopped) {
            result.completeExceptionally(new IllegalStateException("the server has stopped", stopped));
        }
    }
}
