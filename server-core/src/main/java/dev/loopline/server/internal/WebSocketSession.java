package dev.loopline.server.internal;

import dev.loopline.server.Request;
import dev.loopline.server.WebSocket;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
final class WebSocketSession extends ChannelInboundHandlerAdapter implements WebSocket, ServerConnection {

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
    private final WebSocketFragments fragments; // a fragmented message being joined
    private volatile boolean closeSent;
    private boolean ended;
    private int closeCode = 1006;
    private String closeReason = "";
    private final WebSocketKeepAlive keepAlive;
    private WebSocketOutbound outbound;


    /** A session for {@code upgrade}; {@link WebSocketPipeline#install} puts it in place. */
    WebSocketSession(ServerRuntime runtime, WebSocketHandshake.Upgrade upgrade) {
        this.runtime = runtime;
        this.request = upgrade.request();
        this.options = upgrade.options();
        this.listener = upgrade.listener();
        this.subprotocol = upgrade.subprotocol();
        this.fragments = new WebSocketFragments(upgrade.options().maxMessageBytes());
        this.keepAlive = new WebSocketKeepAlive(upgrade.options());
    }

    // ---- channel events (loop thread)

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        outbound = new WebSocketOutbound(context, options.maxQueuedBytes(), () -> closeSent || ended, () -> {
            runtime.webSocketMessageOut();
            keepAlive.wrote();
        }, () -> failWith(1008, "the client reads too slowly"));
        monitor = runtime.monitor(context.channel().eventLoop());
        runtime.webSocketOpened();
        keepAlive.start(context.executor(), () -> closeFromServer(1001, "idle for "
                + options.idleTimeout().toMillis() + " ms"), () -> {
                    if (!closeSent) {
                        ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
                    }
                });
    }

    /**
     * The codec is in place: the listener hears of the session before any frame is decoded (frames the client sent
     * right behind its upgrade request are decoded when the HTTP decoder hands them over, just after this).
     */
    void opened() {
        call(() -> listener.onOpen(this));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof WebSocketFrame)) {
            io.netty.util.ReferenceCountUtil.release(message);
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) message;
        keepAlive.read();
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
        } else if (!fragments.start(frame, text)) {
            tooBig();
        }
    }

    private void continuation(WebSocketFrame frame) {
        if (!fragments.isOpen()) { // the codec refuses this already; kept as a second line of defence
            failWith(1002, "a continuation frame without a message to continue");
        } else if (!fragments.append(frame)) {
            tooBig();
        } else if (frame.isFinalFragment()) {
            boolean text = fragments.isText();
            ByteBuf whole = fragments.finish();
            try {
                message(whole, text);
            } finally {
                whole.release();
            }
        }
    }

    private void tooBig() {
        failWith(1009, "the message exceeds the limit of " + options.maxMessageBytes() + " bytes");
    }

    private void message(ByteBuf content, boolean text) {
        if (content.readableBytes() > options.maxMessageBytes()) { // one frame, inflated past the limit
            tooBig();
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
        fragments.release();
        end();
        super.channelInactive(context); // the dispatcher behind sees the connection close
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        keepAlive.stop();
        closeSent = true;
        runtime.webSocketClosed();
        runtime.connectionClosed(this);
        int code = closeCode;
        String reason = closeReason;
        call(() -> listener.onClose(this, code, reason));
        closed.complete(code);
    }

    // ---- closing

    /** The server closes the session (protocol error, limit, failed listener): the code goes out, then the TCP. */
    private void failWith(int code, String reason) {
        fragments.release();
        closeFromServer(code, reason);
    }

    private void closeFromServer(int code, String reason) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        closeCode = code;
        closeReason = reason;
        ChannelFuture written = ctx.writeAndFlush(new CloseWebSocketFrame(code,
                WebSocketCloseCodes.truncate(reason)));
        if (code != 1000 && code != 1001) {
            written.addListener(ChannelFutureListener.CLOSE); // after an error, nothing the peer says matters
        }
        // a normal close waits for the peer's answer a while; any close ends even if the peer never reads
        ctx.executor().schedule(() -> {
            ctx.close();
        }, code == 1000 || code == 1001 ? CLOSE_WAIT_SECONDS : 1, TimeUnit.SECONDS);
    }

    /** Graceful shutdown: 1001, the peer answers or not, the connection closes. Any thread. */
    @Override
    public void startDrain() {
        ctx.executor().execute(() -> closeFromServer(1001, "the server is shutting down"));
    }

    /** The grace period is over. Any thread. */
    @Override
    public void closeNow() {
        ctx.close();
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
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return outbound.send(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), true);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return outbound.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), true);
    }

    @Override
    public CompletionStage<Void> ping(ByteBuffer data) {
        if (data.remaining() > 125) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a ping carries at most 125 bytes (RFC 6455 section 5.5), not " + data.remaining()));
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return outbound.send(new PingWebSocketFrame(Unpooled.wrappedBuffer(bytes)), false);
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        if (!WebSocketCloseCodes.mayBeSent(code)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("close code " + code + " may not be "
                    + "sent: use 1000, 1001, 1003, 1007 to 1011, or 3000 to 4999 (RFC 6455 section 7.4)"));
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a close reason has at most 123 UTF-8 bytes (RFC 6455 section 5.5)"));
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        outbound.onLoop(result, () -> {
            if (closeSent) {
                result.completeExceptionally(new IllegalStateException("the session is closing or closed already"));
                return;
            }
            closeFromServer(code, reason);
            result.complete(null);
        });
        return result;
    }

    @Override
    public CompletionStage<Integer> closeFuture() {
        return closed;
    }

    @Override
    public Executor executor() {
        return ctx.executor();
    }

    @Override
    public String toString() {
        return "WebSocket[" + request + (subprotocol == null ? "" : ", " + subprotocol) + "]";
    }
}
