package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front of a TLS connection's pipeline. The first bytes decide: a TLS record gets Netty's {@link SslHandler}
 * (with the handshake timeout) in place of the detector; anything else is a client speaking cleartext HTTP to the
 * TLS port and gets a plain-text 400 saying so, then the connection closes (as nginx does), so it never hangs.
 * Behind it, handshake and record failures are logged at DEBUG and close the connection: they are the client's
 * problem, not the server's.
 */
final class TlsHandlers {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    static final String NAME = "tls";

    private static final byte[] CLEARTEXT_ANSWER;

    static {
        String body = "This port speaks TLS (https): use https:// to reach it.\n";
        CLEARTEXT_ANSWER = ("HTTP/1.1 400 Bad Request\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    private TlsHandlers() {
    }

    /** Puts the TLS detector (then the {@code SslHandler}) and its failure handler in front of the pipeline. */
    static void addFirst(Channel channel, SslContext context, Duration handshakeTimeout) {
        channel.pipeline().addFirst(NAME, new Detector(context, handshakeTimeout.toMillis()));
        channel.pipeline().addAfter(NAME, "tls-failures", new Failures());
    }

    /** TLS or not, by the first five bytes (Netty's {@link OptionalSslHandler}). */
    private static final class Detector extends OptionalSslHandler {
        private final long handshakeTimeoutMillis;

        Detector(SslContext context, long handshakeTimeoutMillis) {
            super(context);
            this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        }

        @Override
        protected String newSslHandlerName() {
            return NAME;
        }

        @Override
        protected SslHandler newSslHandler(ChannelHandlerContext context, SslContext sslContext) {
            SslHandler handler = super.newSslHandler(context, sslContext);
            handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
            return handler;
        }

        @Override
        protected String newNonSslHandlerName() {
            return "tls-cleartext";
        }

        @Override
        protected ChannelHandler newNonSslHandler(ChannelHandlerContext context) {
            return new CleartextRefuser();
        }
    }

    /** Answers cleartext on the TLS port with a plain-text 400, reads nothing else, and closes. */
    private static final class CleartextRefuser extends ChannelInboundHandlerAdapter {
        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ReferenceCountUtil.release(message);
            if (!answered) {
                answered = true;
                log.debug("Cleartext HTTP from {} on the TLS port: answered 400", ctx.channel().remoteAddress());
                ByteBuf answer = Unpooled.wrappedBuffer(CLEARTEXT_ANSWER);
                LingeringClose.after(ctx.writeAndFlush(answer));
            }
        }
    }

    /** Handshake and record failures: DEBUG and close, instead of the dispatcher's WARN for the unexpected. */
    private static final class Failures extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable tls = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (tls instanceof SSLException) {
                log.debug("TLS failed on connection from {}: {}", ctx.channel().remoteAddress(), tls.toString());
                ctx.close();
                return;
            }
            ctx.fireExceptionCaught(cause);
        }
    }
}
