package dev.loopline.server.internal;

import dev.loopline.server.Http2Config;
import dev.loopline.server.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.List;

/**
 * HTTP/2 connections (RFC 9113). A connection starts as HTTP/1.1 (the decoder and the {@link RequestDispatcher} that
 * {@link HttpPipeline} sets up); on a cleartext port {@link PrefaceDetector} looks at the client's first bytes, and on
 * a TLS port {@link AlpnSwitch} waits for the protocol ALPN chose. Either way, before any request was read, HTTP/2
 * takes the connection's place: an {@link Http2ServerHandler} with the limits of {@link Http2Config} (its defences),
 * which hands each stream to an {@link Http2Exchange}.
 */
final class Http2Connections {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private Http2Connections() {
    }

    /** In front of the HTTP/1.1 decoder on a cleartext port with HTTP/2 on. */
    static void addDetector(ChannelPipeline pipeline, ServerRuntime runtime) {
        pipeline.addFirst("h2-preface", new PrefaceDetector(runtime));
    }

    /** Behind the TLS handlers on a TLS port with HTTP/2 on. */
    static void addAlpnSwitch(ChannelPipeline pipeline, ServerRuntime runtime) {
        pipeline.addAfter("tls-failures", "h2-alpn", new AlpnSwitch(runtime));
    }

    /**
     * Replaces the HTTP/1.1 handlers behind {@code ctx} with HTTP/2's; nothing has been read by them yet, except an
     * {@code Upgrade: h2c} request, which the caller hands to the returned handler.
     */
    static Http2ServerHandler takeOver(ChannelHandlerContext ctx, ServerRuntime runtime) {
        ChannelPipeline pipeline = ctx.pipeline();
        RequestDispatcher http1 = (RequestDispatcher) pipeline.get("dispatcher");
        http1.handOver();
        pipeline.remove("decoder");
        pipeline.remove(http1);
        if (pipeline.get("h2c-upgrade") != null && !"h2c-upgrade".equals(ctx.name())) {
            pipeline.remove("h2c-upgrade"); // prior knowledge on a port that also takes Upgrade: h2c
        }
        ServerConfig config = runtime.config;
        Http2Config limits = config.http2();
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderListBytes())
                .maxFrameSize(limits.maxFrameBytes())
                .initialWindowSize(limits.initialWindowBytes());
        Http2ServerHandler handler = new Http2ServerHandler.Builder(runtime, settings)
                .limits(config.shutdownGracePeriod().toMillis(), limits.maxResetStreams(),
                        (int) Math.max(1, limits.resetWindow().toSeconds()), limits.maxEmptyDataFrames(),
                        limits.maxQueuedControlFrames())
                .build();
        pipeline.addAfter(ctx.name(), "h2", handler);
        return handler;
    }

    /** Cleartext: the HTTP/2 preface (prior knowledge, RFC 9113 section 3.3) or HTTP/1.1, by the first bytes. */
    private static final class PrefaceDetector extends ByteToMessageDecoder {
        private final ServerRuntime runtime;

        PrefaceDetector(ServerRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
            if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, length)) {
                ctx.pipeline().remove(this); // HTTP/1.1: what arrived goes on to its decoder
            } else if (length == PREFACE.readableBytes()) {
                takeOver(ctx, runtime);
                ctx.pipeline().remove(this); // the preface and what follows go on to the HTTP/2 codec
            }
            // else a beginning of the preface: wait for the rest
        }
    }

    /** TLS: once the handshake is done, the protocol ALPN chose decides. Reads wait for it. */
    private static final class AlpnSwitch extends ChannelInboundHandlerAdapter {
        private final ServerRuntime runtime;

        AlpnSwitch(ServerRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent && ((SslHandshakeCompletionEvent) event).isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                if (tls != null && ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
                    takeOver(ctx, runtime);
                }
                ctx.pipeline().remove(this);
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
