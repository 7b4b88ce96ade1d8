package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection: Netty's connection handler (frames, HPACK, flow control, the limits and defences of
 * {@link dev.loopline.server.Http2Config}) with itself as the frame listener. Each stream's frames go to its
 * {@link Http2Exchange}, kept as a property of the stream: no channel per stream. Writes go through the encoder and
 * are flushed once per read burst, or at once when a response completes outside one. It is also the connection that
 * graceful shutdown drains (GOAWAY with the last stream id, then the streams in flight finish within the grace
 * period) and that the idle timeout closes. Loop thread only, except {@link #startDrain()} and {@link #closeNow()}.
 */
final class Http2ServerHandler extends Http2ConnectionHandler implements Http2FrameListener, ServerConnection {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    private final ServerRuntime runtime;
    private final Http2Connection.PropertyKey exchangeKey;
    private ChannelHandlerContext ctx;
    private ChannelContext facts;
    private ScheduledFuture<?> idleCheck;
    private int openStreams;
    private boolean streamSinceCheck;
    private boolean inRead;

    private Http2ServerHandler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
                               ServerRuntime runtime) {
        super(decoder, encoder, settings);
        this.runtime = runtime;
        this.exchangeKey = connection().newKey();
        connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamHalfClosed(Http2Stream stream) {
                Http2Exchange exchange = stream.state() == Http2Stream.State.HALF_CLOSED_LOCAL
                        ? stream.getProperty(exchangeKey) : null;
                if (exchange != null) {
                    exchange.answered();
                }
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                Http2Exchange exchange = stream.removeProperty(exchangeKey);
                if (exchange != null) {
                    exchange.streamClosed();
                }
            }
        });
        encoder.flowController().listener(stream -> {
            Http2Exchange exchange = stream.getProperty(exchangeKey);
            if (exchange != null) {
                exchange.writabilityChanged();
            }
        });
    }

    /** Builds the handler with the server's HTTP/2 settings and defences. */
    static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<Http2ServerHandler, Builder> {
        private final ServerRuntime runtime;

        Builder(ServerRuntime runtime, Http2Settings settings) {
            this.runtime = runtime;
            server(true);
            initialSettings(settings);
            validateHeaders(true);
        }

        Builder limits(long gracefulShutdownMillis, int maxResets, int resetSeconds, int maxEmptyData,
                       int maxControlFrames) {
            gracefulShutdownTimeoutMillis(gracefulShutdownMillis);
            decoderEnforceMaxRstFramesPerWindow(maxResets, resetSeconds);
            decoderEnforceMaxConsecutiveEmptyDataFrames(maxEmptyData);
            return encoderEnforceMaxQueuedControlFrames(maxControlFrames);
        }

        @Override
        protected Http2ServerHandler build() {
            return super.build();
        }

        @Override
        protected Http2ServerHandler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                           Http2Settings settings) {
            Http2ServerHandler handler = new Http2ServerHandler(decoder, encoder, settings, runtime);
            handler.decoder().frameListener(handler);
            return handler;
        }
    }

    // ---- what exchanges use

    ServerRuntime runtime() {
        return runtime;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    ChannelContext facts() {
        return facts;
    }

    ChannelFuture writeHeaders(int streamId, Http2Headers headers, boolean endStream) {
        return encoder().writeHeaders(ctx, streamId, headers, 0, endStream, ctx.newPromise());
    }

    ChannelFuture writeData(int streamId, ByteBuf data, boolean endStream) {
        return encoder().writeData(ctx, streamId, data, 0, endStream, ctx.newPromise());
    }

    void reset(int streamId, Http2Error error) {
        resetStream(ctx, streamId, error.code(), ctx.newPromise());
        flush();
    }

    boolean isWritable(Http2Stream stream) {
        return encoder().flowController().isWritable(stream);
    }

    /** Request-body bytes a handler has taken: the client may send as many more (a WINDOW_UPDATE). */
    void consumed(Http2Stream stream, int bytes) {
        try {
            if (decoder().flowController().consumeBytes(stream, bytes)) {
                flush();
            }
        } catch (Http2Exception e) {
            log.debug("Returning {} bytes of window on stream {} failed: {}", bytes, stream.id(), e.toString());
        }
    }

    /** Writes out what is pending now, even inside a read burst: a streamed body past the high-water mark. */
    void flushNow() {
        flush(ctx);
    }

    /** Writes out what is pending, unless a read burst is under way (its end flushes). */
    void flush() {
        if (!inRead) {
            flush(ctx);
        }
    }

    void streamClosed() {
        openStreams--;
    }

    /**
     * The {@code Upgrade: h2c} request that switched the connection: stream 1, half-closed by the client, with
     * {@code head} as its request (RFC 7540 section 3.2).
     */
    void upgraded(Http2Settings clientSettings, Http2Head head) throws Http2Exception {
        onHttpServerUpgrade(clientSettings);
        Http2Stream stream = connection().stream(Http2CodecUtil.HTTP_UPGRADE_STREAM_ID);
        Http2Exchange exchange = open(stream);
        exchange.onUpgraded(head);
    }

    private Http2Exchange open(Http2Stream stream) {
        Http2Exchange exchange = new Http2Exchange(this, stream);
        stream.setProperty(exchangeKey, exchange);
        openStreams++;
        streamSinceCheck = true;
        return exchange;
    }

    // ---- channel events

    @Override
    public void handlerAdded(ChannelHandlerContext context) throws Exception {
        ctx = context;
        facts = new ChannelContext(runtime, context.channel());
        super.handlerAdded(context); // the server's preface (SETTINGS)
        runtime.connectionOpened(this);
        widenConnectionWindow(runtime.config.http2().connectionWindowBytes());
        long idle = runtime.config.idleTimeout().toNanos();
        idleCheck = context.executor().scheduleAtFixedRate(this::checkIdle, idle, idle, TimeUnit.NANOSECONDS);
    }

    /**
     * The connection's own window starts at 64 KiB - 1 whatever the settings say; it is brought to {@code target} at
     * once. Netty's flow controller would send the WINDOW_UPDATE only once half the window is used: its update ratio
     * is raised for this one increment so that it goes out now.
     */
    private void widenConnectionWindow(int target) throws Http2Exception {
        Http2Stream connectionStream = connection().connectionStream();
        Http2LocalFlowController flow = decoder().flowController();
        int more = target - flow.initialWindowSize(connectionStream);
        if (more > 0 && flow instanceof DefaultHttp2LocalFlowController) {
            DefaultHttp2LocalFlowController window = (DefaultHttp2LocalFlowController) flow;
            float ratio = window.windowUpdateRatio(connectionStream);
            window.windowUpdateRatio(connectionStream, 0.9999f);
            window.incrementWindowSize(connectionStream, more);
            window.windowUpdateRatio(connectionStream, ratio);
            flush(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
        inRead = true;
        super.channelRead(context, message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        inRead = false;
        super.channelReadComplete(context); // flushes
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        inRead = false;
        idleCheck.cancel(false);
        runtime.connectionClosed(this);
        super.channelInactive(context); // closes every stream: their exchanges are abandoned
        facts.closeTimers();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) throws Exception {
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            super.exceptionCaught(context, cause); // GOAWAY or RST_STREAM with the error's code
            return;
        }
        log.debug("HTTP/2 connection from {} failed: {}", context.channel().remoteAddress(), cause.toString());
        context.close();
    }

    private void checkIdle() {
        if (openStreams == 0 && !streamSinceCheck) {
            log.debug("Closing idle HTTP/2 connection from {}", ctx.channel().remoteAddress());
            ctx.channel().close(); // GOAWAY first
        }
        streamSinceCheck = false;
    }

    /**
     * GOAWAY with the last stream id; the streams in flight finish (an event stream is asked to end, as on HTTP/1.1),
     * then the connection closes (any thread).
     */
    @Override
    public void startDrain() {
        try {
            ctx.executor().execute(this::drain);
        } catch (RejectedExecutionException loopGone) { // its loop has stopped: the channel is closed with it
            log.debug("HTTP/2 connection from {} closed with its loop", ctx.channel().remoteAddress());
        }
    }

    /** GOAWAY, then every stream that never ends by itself (an event stream) is asked to end. */
    private void drain() {
        ctx.channel().close();
        try {
            connection().forEachActiveStream(stream -> {
                Http2Exchange exchange = stream.getProperty(exchangeKey);
                if (exchange != null) {
                    exchange.serverDraining();
                }
                return true;
            });
        } catch (Http2Exception e) {
            log.debug("Asking the streams of {} to end failed: {}", ctx.channel().remoteAddress(), e.toString());
        }
    }

    @Override
    public void closeNow() {
        // on the loop: unsafe() is the channel's own, and close() may come from any thread (HttpServer.close)
        try {
            ctx.executor().execute(() -> ctx.channel().unsafe().close(ctx.channel().voidPromise()));
        } catch (RejectedExecutionException loopGone) { // its loop has stopped: the channel is closed with it
            log.debug("HTTP/2 connection from {} closed with its loop", ctx.channel().remoteAddress());
        }
    }

    // ---- frames

    @Override
    public void onHeadersRead(ChannelHandlerContext context, int streamId, Http2Headers headers, int padding,
                              boolean endStream) {
        Http2Stream stream = connection().stream(streamId);
        if (stream == null) {
            return; // already closed (reset meanwhile)
        }
        Http2Exchange exchange = stream.getProperty(exchangeKey);
        (exchange == null ? open(stream) : exchange).onHeaders(headers, endStream);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext context, int streamId, Http2Headers headers, int dependency,
                              short weight, boolean exclusive, int padding, boolean endStream) {
        onHeadersRead(context, streamId, headers, padding, endStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext context, int streamId, ByteBuf data, int padding,
                          boolean endOfStream) {
        Http2Stream stream = connection().stream(streamId);
        Http2Exchange exchange = stream == null ? null : stream.getProperty(exchangeKey);
        return padding + (exchange == null ? data.readableBytes() : exchange.onData(data, endOfStream));
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext context, int streamId, long errorCode) {
        log.debug("Client reset stream {} with {}", streamId, errorCode); // the stream closes: its exchange ends
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext context, int streamId, int dependency, short weight,
                               boolean exclusive) {
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext context) {
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext context, Http2Settings settings) {
    }

    @Override
    public void onPingRead(ChannelHandlerContext context, long data) {
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext context, long data) {
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext context, int streamId, int promisedStreamId,
                                  Http2Headers headers, int padding) {
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext context, int lastStreamId, long errorCode, ByteBuf debugData) {
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext context, int streamId, int windowSizeIncrement) {
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext context, byte frameType, int streamId, Http2Flags flags,
                               ByteBuf payload) {
    }
}
