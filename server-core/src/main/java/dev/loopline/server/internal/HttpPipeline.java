package dev.loopline.server.internal;

import dev.loopline.server.Handler;
import dev.loopline.server.ServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.List;

/**
 * Sets up each accepted connection. The pipeline, read top to bottom:
 * <ol>
 *   <li>on a TLS port only, first: {@link TlsHandlers#addFirst} (the {@code SslHandler}, or the {@code SniHandler}
 *       that picks it, with the handshake timeout; or a plain-text 400 for a client that speaks cleartext HTTP to the
 *       TLS port), then, with HTTP/2 on, the switch to HTTP/2 when ALPN chose {@code h2};
 *   <li>on a cleartext port with HTTP/2 on: the detector of the HTTP/2 preface ({@link Http2Connections});
 *   <li>{@link StrictRequestDecoder}: bytes to request heads and body parts, with the line and header limits;
 *   <li>with {@code Upgrade: h2c} allowed, {@link H2cUpgrade};
 *   <li>{@link RequestDispatcher}: requests to the handler, responses back in order (it writes bytes itself).
 * </ol>
 * A connection that turns to HTTP/2 replaces the decoder and the dispatcher with HTTP/2's handlers.
 * A connection past {@link ServerConfig#maxConnections()} gets 503 with {@code Retry-After} and is closed.
 */
@ChannelHandler.Sharable
final class HttpPipeline extends ChannelInitializer<Channel> {

    private final ServerRuntime runtime;
    private final HttpDecoderConfig decoderConfig;
    private final TlsState tls; // null on a cleartext port

    HttpPipeline(ServerRuntime runtime, TlsState tls) {
        this.runtime = runtime;
        this.tls = tls;
        ServerConfig config = runtime.config;
        this.decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineBytes())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setChunkedSupported(true);
    }

    /**
     * The pipeline of a server that does not listen: the same shared parts {@link NettyHttpServer} builds, for one
     * event loop. The socket-free pipeline benchmark (src/jmh) runs it on an {@code EmbeddedChannel}.
     */
    static HttpPipeline standalone(ServerConfig config, Handler handler, EventLoop loop) {
        ResponseWriter writer = new ResponseWriter(new DateHeader(), config.serverName());
        return new HttpPipeline(new ServerRuntime(config, handler, writer, new OffloadExecutors(config),
                List.of(new LoopMonitor(loop))), config.tls() == null ? null : TlsState.load(config.tls(), config.http2().enabled()));
    }

    @Override
    protected void initChannel(Channel channel) {
        int open = runtime.openConnections.incrementAndGet();
        channel.closeFuture().addListener(closed -> runtime.openConnections.decrementAndGet());
        if (open > runtime.config.maxConnections() || runtime.isDraining()) {
            runtime.connectionRefused();
            channel.pipeline().addLast(new Refuser(runtime));
            return;
        }
        if (tls != null) {
            TlsHandlers.addFirst(channel, tls.context(), runtime.config.tls().handshakeTimeout());
        }
        RequestDispatcher dispatcher = new RequestDispatcher(runtime);
        StrictRequestDecoder decoder = new StrictRequestDecoder(decoderConfig, runtime.config.maxMethodBytes(),
                dispatcher);
        dispatcher.decoder(decoder);
        channel.pipeline().addLast("decoder", decoder);
        channel.pipeline().addLast("dispatcher", dispatcher);
        if (runtime.config.http2().enabled()) { // HTTP/2 takes the connection's place when the client speaks it
            if (tls != null) {
                Http2Connections.addAlpnSwitch(channel.pipeline(), runtime);
            } else {
                Http2Connections.addDetector(channel.pipeline(), runtime);
                if (runtime.config.http2().cleartextUpgrade()) {
                    channel.pipeline().addAfter("decoder", "h2c-upgrade", new H2cUpgrade(runtime));
                }
            }
        }
    }

    /** Answers a connection the server cannot take with 503 and {@code Retry-After}, then closes it. */
    private static final class Refuser extends ChannelInboundHandlerAdapter {
        private final ServerRuntime runtime;

        Refuser(ServerRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String detail = runtime.isDraining() ? "the server is shutting down"
                    : "the server has reached its limit of " + runtime.config.maxConnections() + " connections";
            // The client may be sending its request right now: close without resetting the answer.
            LingeringClose.after(runtime.writer.write(ctx, Problems.overloaded(detail, 1), false,
                    ResponseWriter.ConnectionField.CLOSE));
            ctx.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            io.netty.util.ReferenceCountUtil.release(message); // whatever the client sent is not read
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
