package dev.loopline.server.internal;

import io.netty.channel.ChannelHandlerContext;

/**
 * Flushes once per read burst: responses written while a burst of reads is being handled (pipelined requests
 * answered at once) go out in one flush at its end; a response written outside a burst (from a timer, a worker)
 * is flushed at once. Loop thread only.
 */
final class FlushPerReadBurst {

    private boolean inReadBurst;
    private boolean flushPending;

    void readStarted() {
        inReadBurst = true;
    }

    void readComplete(ChannelHandlerContext ctx) {
        inReadBurst = false;
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }

    /** Something was written: flush now, or at the end of the burst. */
    void written(ChannelHandlerContext ctx) {
        if (inReadBurst) {
            flushPending = true;
        } else {
            ctx.flush();
        }
    }
}
