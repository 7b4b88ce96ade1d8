package dev.loopline.server.internal;

import dev.loopline.server.Http2Config;
import dev.loopline.server.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/2 connections (RFC 9113). A connection starts as HTTP/1.1 (the decoder and the {@link RequestDispatcher}
 * {@link HttpPipeline} sets up); on a cleartext port {@link PrefaceDetector} looks at the client's first bytes, and on
 * a TLS port {@link AlpnSwitch} waits for the protocol ALPN chose. Either way, before any request was read, HTTP/2
 * takes the connection's place: Netty's frame codec with the limits of {@link Http2Config} (its defences), one child
 * channel per stream with an {@link Http2StreamDispatcher}, and a {@link Connection} that graceful shutdown drains
 * (GOAWAY with the last stream id, then the streams in flight finish within the grace period).
 */
final class Http2Connections {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
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
     * {@code Upgrade: h2c} request, whose head becomes stream 1's. Returns the frame codec.
     */
    static Http2FrameCodec takeOver(ChannelHandlerContext ctx, ServerRuntime runtime, Http2Head upgraded) {
        ChannelPipeline pipeline = ctx.pipeline();
        RequestDispatcher http1 = (RequestDispatcher) pipeline.get("dispatcher");
        http1.handOver();
        pipeline.remove("decoder");
        pipeline.remove(http1);
        ServerConfig config = runtime.config;
        Http2Config limits = config.http2();
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderListBytes())
                .maxFrameSize(limits.maxFrameBytes())
                .initialWindowSize(limits.initialWindowBytes());
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .gracefulShutdownTimeoutMillis(config.shutdownGracePeriod().toMillis())
                .decoderEnforceMaxRstFramesPerWindow(limits.maxResetStreams(),
                        (int) Math.max(1, limits.resetWindow().toSeconds()))
                .decoderEnforceMaxConsecutiveEmptyDataFrames(limits.maxEmptyDataFrames())
                .encoderEnforceMaxQueuedControlFrames(limits.maxQueuedControlFrames())
                .build();
        pipeline.addAfter(ctx.name(), "h2", codec);
        Connection connection = new Connection(runtime, codec, upgraded);
        pipeline.addAfter("h2", "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamDispatcher(runtime, connection));
            }
        }));
        pipeline.addAfter("h2-streams", "h2-connection", connection);
        return codec;
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
                takeOver(ctx, runtime, null);
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
                    takeOver(ctx, runtime, null);
                }
                ctx.pipeline().remove(this);
            }
            super.userEventTriggered(ctx, event);
        }
    }

    /**
     * The connection as graceful shutdown and the idle timeout see it: it counts its open streams, and a connection
     * without any for the idle timeout is closed (with GOAWAY).
     */
    static final class Connection extends ChannelInboundHandlerAdapter implements ServerConnection {
        private final ServerRuntime runtime;
        private final Http2FrameCodec codec;
        private ChannelHandlerContext ctx;
        private Http2Head upgraded; // the head of an Upgrade: h2c request, until stream 1 takes it
        private ScheduledFuture<?> idleCheck;
        private int openStreams;
        private boolean streamSinceCheck;

        Connection(ServerRuntime runtime, Http2FrameCodec codec, Http2Head upgraded) {
            this.runtime = runtime;
            this.codec = codec;
            this.upgraded = upgraded;
        }

        /** The head of the request that upgraded the connection, for stream 1, once; else null. */
        Http2Head takeUpgraded(int streamId) {
            Http2Head head = streamId == 1 ? upgraded : null;
            upgraded = null;
            return head;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            ctx = context;
            runtime.connectionOpened(this);
            widenConnectionWindow(runtime.config.http2().connectionWindowBytes());
            long idle = runtime.config.idleTimeout().toNanos();
            idleCheck = context.executor().scheduleAtFixedRate(this::checkIdle, idle, idle, TimeUnit.NANOSECONDS);
        }

        /**
         * The connection's own window starts at 64 KiB - 1 whatever the settings say, and the codec has already widened
         * it by twice the stream window's excess over that; it is brought to {@code target} (or left larger) at once.
         * Netty's flow controller would only send the WINDOW_UPDATE once half the window is used: its update ratio is
         * raised for this one increment so that it goes out now.
         */
        private void widenConnectionWindow(int target) {
            Http2Connection http2 = codec.connection();
            Http2Stream connectionStream = http2.connectionStream();
            Http2LocalFlowController flow = http2.local().flowController();
            int more = target - flow.initialWindowSize(connectionStream);
            if (more <= 0 || !(flow instanceof DefaultHttp2LocalFlowController)) {
                return;
            }
            DefaultHttp2LocalFlowController window = (DefaultHttp2LocalFlowController) flow;
            try {
                float ratio = window.windowUpdateRatio(connectionStream);
                window.windowUpdateRatio(connectionStream, 0.9999f);
                window.incrementWindowSize(connectionStream, more);
                window.windowUpdateRatio(connectionStream, ratio);
                ctx.flush();
            } catch (Http2Exception impossible) { // only for a window past 2^31 - 1, which the config cannot ask for
                log.warn("Could not widen the HTTP/2 connection window to {} bytes", target, impossible);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) throws Exception {
            idleCheck.cancel(false);
            runtime.connectionClosed(this);
            super.channelInactive(context);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            log.debug("HTTP/2 connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
            if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
                context.close();
            } // else the codec sends GOAWAY with the error's code, then closes: closing first would say NO_ERROR
        }

        void streamOpened() {
            openStreams++;
            streamSinceCheck = true;
        }

        void streamClosed() {
            openStreams--;
        }

        private void checkIdle() {
            if (openStreams == 0 && !streamSinceCheck) {
                log.debug("Closing idle HTTP/2 connection from {}", ctx.channel().remoteAddress());
                ctx.channel().close(); // the codec sends GOAWAY first
            }
            streamSinceCheck = false;
        }

        /** GOAWAY with the last stream id; the streams in flight finish, then the codec closes (any thread). */
        @Override
        public void startDrain() {
            ctx.executor().execute(() -> ctx.channel().close());
        }

        @Override
        public void closeNow() {
            // on the loop: unsafe() is the channel's own, and close() may come from any thread (HttpServer.close)
            ctx.executor().execute(() -> ctx.channel().unsafe().close(ctx.channel().voidPromise()));
        }
    }
}
