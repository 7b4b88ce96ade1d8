package dev.loopline.server.internal;

import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.WebSocket;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket session: the handler at the end of an upgraded connection's pipeline. Netty's RFC 6455 codec does
 * the framing and refuses what the RFC refuses (unmasked client frames, reserved bits and opcodes, fragmented or
 * oversized control frames, a continuation without a start, frames over the limit: it writes the close frame, 1002
 * or 1009, and closes); this joins fragments up to the message limit, checks UTF-8 (1007), answers pings and the
 * closing handshake, bounds what waits for a slow reader (1008), and calls the listener on the loop under the
 * loop guard's eye.
 */
final class WebSocketSession extends ChannelInboundHandlerAdapter implements WebSocket {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ServerRuntime runtime;
    private final Request request;
    private final WebSocketOptions options;
    private final WebSocketListener listener;
    private final String subprotocol;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private LoopMonitor monitor;
    private CompositeByteBuf fragments; // a fragmented message being joined
    private boolean fragmentsText;
    private volatile boolean closeSent;
    private boolean closeReceived;
    private boolean ended;
    private int closeCode = 1006;
    private String closeReason = "";
    private long lastRead;   // nanoTime of the last frame received (loop thread)
    private long lastWrite;  // nanoTime of the last frame sent (loop thread)
    private java.util.concurrent.ScheduledFuture<?> timers;

    private WebSocketSession(ServerRuntime runtime, Request request, WebSocketHandshake.Upgrade upgrade) {
        this.runtime = runtime;
        this.request = request;
        this.options = upgrade.options();
        this.listener = upgrade.listener();
        this.subprotocol = upgrade.subprotocol();
    }

    /**
     * Switches the connection of {@code ctx} (the HTTP dispatcher's context, its 101 written) to WebSocket: the
     * session and the codec take the place of the HTTP decoder; the dispatcher stays last to see the channel close.
     */
    static WebSocketSession install(ChannelHandlerContext ctx, ServerRuntime runtime,
                                    WebSocketHandshake.Upgrade upgrade, Response response) {
        WebSocketOptions options = upgrade.options();
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        ctx.writeAndFlush(Unpooled.copiedBuffer(head.append("\r\n"), StandardCharsets.ISO_8859_1));
        WebSocketSession session = new WebSocketSession(runtime, upgrade.request(), upgrade);
        ChannelPipeline pipeline = ctx.pipeline();
        String dispatcher = ctx.name();
        pipeline.addBefore(dispatcher, "ws-session", session);
        if (upgrade.deflate() != null) {
            pipeline.addBefore("ws-session", "ws-deflate-decoder", upgrade.deflate().newExtensionDecoder());
            pipeline.addBefore("ws-session", "ws-deflate-encoder", upgrade.deflate().newExtensionEncoder());
        }
        // first in line: every frame, the codec's own close frames too, is encoded on its way out
        pipeline.addFirst("ws-encoder", new WebSocket13FrameEncoder(false));
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxFrameBytes())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(upgrade.deflate() != null)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(false) // checked here on the whole message, after inflating
                .build();
        // the HTTP decoder hands what it holds beyond the upgrade request to the frame decoder that replaces it
        pipeline.replace("decoder", "ws-decoder", new WebSocket13FrameDecoder(config));
        return session;
    }

    // ---- channel events (loop thread)

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        monitor = runtime.monitor(context.channel().eventLoop());
        runtime.webSocketOpened();
        startTimers();
        context.executor().execute(() -> call(() -> listener.onOpen(this)));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof WebSocketFrame)) {
            io.netty.util.ReferenceCountUtil.release(message);
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) message;
        lastRead = System.nanoTime();
        try {
            if (ended) {
                return;
            }
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                dataFrame(frame, frame instanceof TextWebSocketFrame);
            } else if (frame instanceof ContinuationWebSocketFrame) {
                continuation(frame);
            } else if (frame instanceof PingWebSocketFrame) {
                if (!closeSent) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()));
                }
                ByteBuffer data = copy(frame.content());
                call(() -> listener.onPing(this, data));
            } else if (frame instanceof PongWebSocketFrame) {
                ByteBuffer data = copy(frame.content());
                call(() -> listener.onPong(this, data));
            } else if (frame instanceof CloseWebSocketFrame) {
                peerClosed((CloseWebSocketFrame) frame);
            }
        } finally {
            frame.release();
        }
    }

    private void dataFrame(WebSocketFrame frame, boolean text) {
        if (frame.isFinalFragment()) {
            message(frame.content(), text);
            return;
        }
        fragments = ctx.alloc().compositeBuffer(64);
        fragmentsText = text;
        append(frame);
    }

    private void continuation(WebSocketFrame frame) {
        if (fragments == null) { // the codec refuses this already; kept as a second line of defence
            failWith(1002, "a continuation frame without a message to continue");
            return;
        }
        if (!append(frame)) {
            return;
        }
        if (frame.isFinalFragment()) {
            CompositeByteBuf whole = fragments;
            fragments = null;
            try {
                message(whole, fragmentsText);
            } finally {
                whole.release();
            }
        }
    }

    private boolean append(WebSocketFrame frame) {
        if (fragments.readableBytes() + frame.content().readableBytes() > options.maxMessageBytes()) {
            failWith(1009, "the message exceeds the limit of " + options.maxMessageBytes() + " bytes");
            return false;
        }
        fragments.addComponent(true, frame.content().retain());
        return true;
    }

    private void message(ByteBuf content, boolean text) {
        if (content.readableBytes() > options.maxMessageBytes()) {
            failWith(1009, "the message exceeds the limit of " + options.maxMessageBytes() + " bytes");
            return;
        }
        runtime.webSocketMessageIn();
        if (text) {
            String decoded;
            try {
                decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(content.nioBuffer()).toString();
            } catch (CharacterCodingException e) {
                failWith(1007, "a text message that is not valid UTF-8");
                return;
            }
            call(() -> listener.onText(this, decoded));
        } else {
            ByteBuffer data = copy(content);
            call(() -> listener.onBinary(this, data));
        }
    }

    private void peerClosed(CloseWebSocketFrame frame) {
        closeReceived = true;
        int code = frame.statusCode();
        closeCode = code < 0 ? 1005 : code;
        closeReason = frame.reasonText();
        if (!closeSent) { // echo the code (RFC 6455 section 5.5.1), then close the TCP connection
            closeSent = true;
            CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
            ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close(); // the answer to our close
        }
    }

    /** The idle timeout and the server pings: one periodic check, cancelled when the connection closes. */
    private void startTimers() {
        long idle = options.idleTimeout().toNanos();
        long ping = options.pingInterval().toNanos();
        if (idle == 0 && ping == 0) {
            return;
        }
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(idle == 0 ? ping : idle,
                ping == 0 ? idle : ping) / 4);
        lastRead = lastWrite = System.nanoTime();
        timers = ctx.executor().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (idle > 0 && now - lastRead >= idle) {
                closeFromServer(1001, "idle for " + options.idleTimeout().toMillis() + " ms");
            } else if (ping > 0 && now - lastWrite >= ping && !closeSent) {
                lastWrite = now;
                ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        // a peer that does not read what it is sent is not read from either (TCP backpressure both ways)
        context.channel().config().setAutoRead(context.channel().isWritable());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException) {
            // the codec has written its close frame (1002, or 1009 for a frame over the limit) and closes
            closeSent = true;
            closeCode = ((CorruptedWebSocketFrameException) cause).closeStatus().code();
            closeReason = String.valueOf(cause.getMessage());
            log.debug("WebSocket protocol error from {}: {}", request, cause.getMessage());
            call(() -> listener.onError(this, cause));
            context.close();
        } else if (cause instanceof DecompressionException) {
            call(() -> listener.onError(this, cause));
            failWith(1009, "a compressed message inflates past the limit of " + options.maxMessageBytes() + " bytes");
        } else if (cause instanceof java.io.IOException) {
            log.debug("WebSocket connection of {} failed: {}", request, cause.toString());
            call(() -> listener.onError(this, cause));
            context.close();
        } else {
            log.warn("WebSocket session of {} failed", request, cause);
            call(() -> listener.onError(this, cause));
            failWith(1011, "internal error");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
        end();
        super.channelInactive(context); // the dispatcher behind sees the connection close
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (timers != null) {
            timers.cancel(false);
        }
        closeSent = true;
        runtime.webSocketClosed();
        int code = closeCode;
        String reason = closeReason;
        call(() -> listener.onClose(this, code, reason));
        closed.complete(code);
    }

    // ---- closing

    /** The server closes the session (protocol error, limit, failed listener): the code goes out, then the TCP. */
    private void failWith(int code, String reason) {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
        closeFromServer(code, reason);
    }

    private void closeFromServer(int code, String reason) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        closeCode = code;
        closeReason = reason;
        ChannelFuture written = ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)));
        if (code == 1000 || code == 1001) {
            // a normal close waits for the peer's answer, a while
            ctx.executor().schedule(() -> {
                ctx.close();
            }, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } else {
            written.addListener(ChannelFutureListener.CLOSE); // after an error, nothing the peer says matters
        }
    }

    /** Graceful shutdown: 1001, the peer answers or not, the connection closes. Any thread. */
    void serverClosing() {
        ctx.executor().execute(() -> closeFromServer(1001, "the server is shutting down"));
    }

    private static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        String cut = new String(bytes, 0, 123, StandardCharsets.UTF_8);
        return cut.charAt(cut.length() - 1) == '\uFFFD' ? cut.substring(0, cut.length() - 1) : cut;
    }

    // ---- the listener, under the loop guard

    private void call(Runnable event) {
        if (monitor != null) {
            monitor.enter(request);
        }
        try {
            event.run();
        } catch (RuntimeException | Error failure) {
            log.error("WebSocket listener of {} failed; closing the session with 1011", request, failure);
            if (!ended) {
                failWith(1011, "internal error");
            }
        } finally {
            if (monitor != null) {
                monitor.exit();
            }
        }
    }

    private static ByteBuffer copy(ByteBuf content) {
        return ByteBuffer.wrap(ByteBufUtil.getBytes(content));
    }

    // ---- WebSocket (any thread)

    @Override
    public Request request() {
        return request;
    }

    @Override
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    @Override
    public boolean isOpen() {
        return !closeSent && ctx.channel().isActive();
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        return send(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))), true);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), true);
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer data) {
        if (data.remaining() > 125) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a ping carries at most 125 bytes (RFC 6455 section 5.5), not " + data.remaining()));
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return send(new PingWebSocketFrame(Unpooled.wrappedBuffer(bytes)), false);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        if (!validCloseCode(code)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("close code " + code + " may not be "
                    + "sent: use 1000, 1001, 1003, 1007 to 1011, or 3000 to 4999 (RFC 6455 section 7.4)"));
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a close reason has at most 123 UTF-8 bytes (RFC 6455 section 5.5)"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        onLoop(result, () -> {
            if (closeSent) {
                result.completeExceptionally(new IllegalStateException("the session is closing or closed already"));
                return;
            }
            closeFromServer(code, reason);
            result.complete(null);
        });
        return result;
    }

    static boolean validCloseCode(int code) {
        return code == 1000 || code == 1001 || code == 1003 || code >= 1007 && code <= 1011
                || code >= 3000 && code <= 4999;
    }

    @Override
    public CompletionStage<Integer> closeFuture() {
        return closed;
    }

    @Override
    public Executor executor() {
        return ctx.executor();
    }

    private CompletionStage<Void> send(WebSocketFrame frame, boolean message) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        onLoop(result, () -> {
            if (closeSent || ended) {
                frame.release();
                result.completeExceptionally(new IllegalStateException("the WebSocket session is closed"));
                return;
            }
            int size = frame.content().readableBytes();
            long pending = ctx.channel().unsafe().outboundBuffer() == null ? 0
                    : ctx.channel().unsafe().outboundBuffer().totalPendingWriteBytes();
            if (pending + size > options.maxQueuedBytes()) {
                frame.release();
                result.completeExceptionally(new IllegalStateException("the client reads too slowly: "
                        + pending + " bytes wait for it, the limit is " + options.maxQueuedBytes()));
                failWith(1008, "the client reads too slowly");
                return;
            }
            if (message) {
                runtime.webSocketMessageOut();
            }
            lastWrite = System.nanoTime();
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

    private void onLoop(CompletableFuture<?> result, Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ctx.executor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            result.completeExceptionally(new IllegalStateException("the server has stopped", stopped));
        }
    }

    @Override
    public String toString() {
        return "WebSocket[" + request + (subprotocol == null ? "" : ", " + subprotocol) + "]";
    }
}
