package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front of a TLS connection's pipeline. The first bytes decide: a TLS record gets Netty's {@link SslHandler}
 * (with the handshake timeout) in place of the detector, or, when SNI certificates are configured, Netty's
 * {@link SniHandler}, which reads the server name from the ClientHello and then puts the {@code SslHandler} of that
 * name's current context in its place; anything else is a client speaking cleartext HTTP to the
 * TLS port and gets a plain-text 400 saying so, then the connection closes (as nginx does), so it never hangs.
 * Behind it, handshake and record failures are logged at DEBUG and close the connection: they are the client's
 * problem, not the server's.
 */
final class TlsHandlers {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    static final String NAME = "tls";

    private static final byte[] CLEARTEXT_ANSWER;
    private static final int RECORD_HEADER_BYTES = 5; // what OptionalSslHandler waits for, too

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
        private final Mapping<String, SslContext> serverNames; // null: one certificate, no SNI lookup

        Detector(SslContext context, long handshakeTimeoutMillis) {
            super(context);
            this.handshakeTimeoutMillis = handshakeTimeoutMillis;
            this.serverNames = context.attributes().hasAttr(TlsState.SERVER_NAMES)
                    ? context.attributes().attr(TlsState.SERVER_NAMES).get() : null;
        }

        @Override
        protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) throws Exception {
            if (serverNames != null && in.readableBytes() >= RECORD_HEADER_BYTES && SslHandler.isEncrypted(in, false)) {
                // the bytes read so far go on to the SniHandler, which waits for the whole ClientHello
                context.pipeline().replace(this, NAME, new ServerNameSelector(serverNames, handshakeTimeoutMillis));
                return;
            }
            super.decode(context, in, out);
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

    /**
     * Netty's {@link SniHandler} (which closes a client that sends no whole ClientHello within the handshake timeout)
     * whose {@code SslHandler} keeps the name {@link #NAME}. A ClientHello longer than Netty's limit (64 KiB) closes
     * the connection at DEBUG, like other handshake failures.
     */
    private static final class ServerNameSelector extends SniHandler {
        ServerNameSelector(Mapping<String, SslContext> serverNames, long handshakeTimeoutMillis) {
            super(serverNames, handshakeTimeoutMillis);
        }

        @Override
        protected void replaceHandler(ChannelHandlerContext context, String serverName, SslContext sslContext) {
            SslHandler handler = newSslHandler(sslContext, context.alloc());
            boolean replaced = false;
            try {
                context.pipeline().replace(this, NAME, handler);
                replaced = true;
            } finally {
                if (!replaced) {
                    ReferenceCountUtil.safeRelease(handler.engine()); // the pipeline did not take it over
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) throws Exception {
            if (cause instanceof TooLongFrameException) {
                log.debug("TLS failed on connection from {}: {}", context.channel().remoteAddress(), cause.toString());
                context.close();
                return;
            }
            super.exceptionCaught(context, cause);
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

    /** The host name the client asked for by SNI, in lower case, or null (also when the engine cannot tell). */
    static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession) {
            for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
                if (name instanceof SNIHostName) {
                    return ((SNIHostName) name).getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }
}
