package dev.loopline.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose client has stopped reading its responses: armed when the channel turns unwritable,
 * disarmed when it is writable again, it closes the channel once it has stayed unwritable for the timeout. A client
 * that never reads again is closed, not kept. Owned by the connection's loop.
 */
final class StallWatch {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    private final Duration timeout;
    private ScheduledFuture<?> timer; // armed while the client does not read its responses

    StallWatch(Duration timeout) {
        this.timeout = timeout;
    }

    /** The channel's writability changed: arm or disarm. */
    void writabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            if (timer == null) {
                timer = ctx.executor().schedule(() -> onStalled(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } else {
            stop();
        }
    }

    /** The connection has closed, or the client reads again. */
    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void onStalled(ChannelHandlerContext ctx) {
        timer = null;
        if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
            log.debug("Closing connection from {}: it has not read its responses for {} ms",
                    ctx.channel().remoteAddress(), timeout.toMillis());
            ctx.close();
        }
    }
}
