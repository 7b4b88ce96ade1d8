package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose client may still be sending (a refused body, requests pipelined behind a bad one)
 * without destroying the response (RFC 9112 section 9.6): closing with unread input makes the kernel send a
 * reset, which can discard the response before the client reads it. So once the response is out, the server
 * half-closes (the client reads EOF), then reads and discards what still arrives until the client closes too,
 * for at most {@value #LINGER_MILLIS} ms and {@value #LINGER_MAX_BYTES} bytes.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    static final long LINGER_MILLIS = 2_000;
    static final long LINGER_MAX_BYTES = 1024 * 1024;

    private long discarded;

    private LingeringClose() {
    }

    /** After {@code lastWrite}: half-close, discard input in front of every other handler, then close. */
    static void after(ChannelFuture lastWrite) {
        lastWrite.addListener((ChannelFutureListener) written -> begin(written.channel()));
    }

    private static void begin(Channel channel) {
        if (!channel.isActive() || !(channel instanceof DuplexChannel)) {
            channel.close();
            return;
        }
        channel.pipeline().addFirst("lingering-close", new LingeringClose());
        ((DuplexChannel) channel).shutdownOutput();
        channel.config().setAutoRead(true);
        channel.eventLoop().schedule((Runnable) channel::close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof ByteBuf) {
            discarded += ((ByteBuf) message).readableBytes();
        }
        ReferenceCountUtil.release(message); // nothing after a refusal is decoded
        if (discarded > LINGER_MAX_BYTES) {
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // swallowed: the handlers behind have nothing to flush
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            ctx.close(); // the client has finished sending: nothing is left to reset the response
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
