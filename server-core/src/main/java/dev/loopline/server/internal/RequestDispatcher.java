package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection, on its event loop: feeds decoded messages to the {@link RequestAssembler}, hands complete
 * requests to the {@link ResponseQueue}, and owns what concerns the connection as a whole: whether it reads
 * (backpressure), its read deadlines (header, body, idle), refusals, closing, and graceful drain.
 *
 * <p>Every field is owned by the channel's event loop.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter
        implements StrictRequestDecoder.RequestStartListener, RequestAssembler.Sink, ServerConnection, QueueConnection {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    private final ServerRuntime runtime;
    private final ServerConfig config;
    private final ReadDeadline deadline;
    private final RequestAssembler assembler;
    private final StallWatch stall;

    private ChannelHandlerContext ctx;
    private ResponseQueue queue;
    private StrictRequestDecoder decoder;
    private ScheduledFuture<?> closeTimer; // armed once the last response is written: closes even if it never leaves
    private ChannelContext facts; // made when the channel is active
    private InetSocketAddress remoteAddress;
    private boolean closing;  // read no new request; the last response closes the connection
    private boolean refused;  // a bad request was answered: ignore every byte after it
    private boolean inputShutdown; // the client has sent all it will send (half-close, or gone)
    private boolean closed; // the channel closed, or a lingering close owns it: nothing more is read or answered
    private boolean reading = true;
    private boolean awaitingHead;  // a new request's first bytes have arrived, its head has not
    private final FlushPerReadBurst flushes = new FlushPerReadBurst();

    RequestDispatcher(ServerRuntime runtime) {
        this.runtime = runtime;
        this.config = runtime.config;
        this.deadline = new ReadDeadline(config, this::onReadDeadline);
        this.stall = new StallWatch(config.idleTimeout());
        this.assembler = new RequestAssembler(config, runtime.handler, this);
    }

    /** The decoder in front of this dispatcher, which it pauses while the connection holds its limit. */
    void decoder(StrictRequestDecoder requestDecoder) { decoder = requestDecoder; }

    /** This connection's facts, which its requests carry. Null until the channel is active. */
    @Override
    public ChannelContext context() {
        return facts;
    }

    @Override
    public boolean isOpen() { return facts.isOpen(); }

    @Override
    public boolean isClosing() { return closing; }

    // ---- channel events

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        queue = new ResponseQueue(this, new Http1Wire(context, runtime), context, runtime);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        facts = new ChannelContext(runtime, context.channel());
        remoteAddress = facts.remoteAddress();
        deadline.start(context.executor());
        deadline.set(ReadDeadline.Kind.IDLE);
        runtime.connectionOpened(this);
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        closed = true;
        deadline.stop();
        stall.stop();
        if (closeTimer != null) {
            closeTimer.cancel(false);
        }
        assembler.abandon(new IOException("the client closed the connection before the request body was complete"));
        queue.abandonAll(); // the client is gone: nothing it asked for will be answered
        facts.closeTimers();
        runtime.connectionClosed(this);
        super.channelInactive(context);
    }

    @Override
    public void requestStarted() {
        if (!closing && !refused) {
            awaitingHead = true;
            deadline.set(ReadDeadline.Kind.HEADER);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        flushes.readStarted();
        try {
            if (closing && !assembler.isReceiving() || refused || closed) {
                return; // after a Connection: close request, a refusal, or while draining: nothing more is read
            }
            if (message instanceof HttpRequest) {
                assembler.onHead((HttpRequest) message);
            }
            if (message instanceof HttpContent) {
                assembler.onContent((HttpContent) message);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        flushes.readComplete(context);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        stall.writabilityChanged(context);
        queue.writabilityChanged();
        queue.runDeferred();
        updateReading();
        super.channelWritabilityChanged(context);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            onInputShutdown(context);
        }
        super.userEventTriggered(context, event);
    }

    /**
     * The client has sent all it will send: it half-closed after pipelining its requests, or it has gone (TCP cannot
     * tell). No request follows, but every one already received is still answered, in order, offloaded and late
     * ones too; the last response says {@code Connection: close} and the connection closes once it is out. (A
     * client that has gone makes the first write fail, which closes the connection and abandons the rest.)
     */
    private void onInputShutdown(ChannelHandlerContext context) {
        inputShutdown = true;
        closing = true;
        awaitingHead = false;
        if (assembler.isReceiving()) { // the decoder reports a cut request itself; this is the backstop
            refuse(400, "the connection was closed before the request was complete (RFC 9112 section 8)");
            return;
        }
        if (queue.isEmpty()) {
            deadline.clear();
            // what is written still goes out (io_uring reports the end of input before the read burst's flush)
            context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", remoteAddress, cause.toString());
        } else {
            log.warn("Unexpected error on connection from {}; closing it", remoteAddress, cause);
        }
        context.close();
    }

    // ---- RequestAssembler.Sink

    @Override
    public ResponseSlot open(boolean headRequest, boolean keepAlive, boolean http10) {
        awaitingHead = false;
        return queue.open(headRequest, keepAlive, http10);
    }

    @Override
    public void continueWanted(ResponseSlot slot) {
        queue.continueWhenFirst(slot);
    }

    @Override
    public void bodyExpected() {
        deadline.set(ReadDeadline.Kind.BODY);
    }

    @Override
    public void complete(ResponseSlot slot, HttpRequest head, RequestTarget target, Body body) {
        deadline.clear();
        slot.continuePending(false); // the body has arrived: no interim response is owed any more
        if (!slot.keepAlive()) {
            closing = true;
        }
        slot.request = new DefaultRequest(head.method().name(), target, head.protocolVersion().text(),
                new NettyHeaders(head.headers()), body, slot);
        queue.submit(slot);
        updateReading();
    }

    @Override
    public void dispatchStreamed(ResponseSlot slot) {
        if (!slot.keepAlive()) {
            closing = true;
        }
        queue.submit(slot);
    }

    @Override
    public void streamedBodyEnded(ResponseSlot slot) {
        deadline.clear();
        slot.continuePending(false);
        queue.bodyArrived(slot);
        updateReading();
    }

    @Override
    public void streamedBodyProgress(boolean arrived) {
        deadline.streamedBody(assembler.wantsData(), arrived);
        updateReading();
    }

    @Override
    public void closeWhenWritten() {
        closing = true;
        refused = true; // nothing more is read
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * The response of {@code slot} goes out now: true when the connection must close after it (its streamed body was
     * not read and the client waits for a 100 Continue that never came).
     */
    @Override
    public boolean responseGoesOut(ResponseSlot slot) {
        return assembler.streamingSlot() == slot && assembler.responseWentOut();
    }

    /** Answers a request the server refuses, after those before it, and closes the connection. */
    @Override
    public void refuse(int status, String detail) {
        ResponseSlot slot = assembler.isReceiving() ? assembler.slot() : queue.open(false, false, false);
        assembler.abandon(new HttpStatusException(status, detail));
        awaitingHead = false;
        refused = true;
        closing = true;
        deadline.clear();
        log.debug("Refused a request from {}: {} {}", remoteAddress, status, detail);
        queue.answer(slot, Response.problem(status, detail));
    }

    // ---- writing and closing (called by the queue)

    @Override
    public void written(boolean wrote) {
        if (wrote) {
            flushes.written(ctx);
        }
        if (queue.isEmpty() && !assembler.isReceiving() && !awaitingHead && !closing && !refused) {
            deadline.set(ReadDeadline.Kind.IDLE);
        }
        updateReading();
    }

    /**
     * The last response is written: close once it is out. Unless the client asked for the close (it sends no
     * more), the close lingers, so that a request it is sending meanwhile cannot reset the response away. A
     * response the client never reads out does not keep the connection: it is closed after the idle timeout.
     */
    @Override
    public void closeAfter(ChannelFuture lastWrite, boolean clientAskedToClose) {
        closing = true;
        deadline.clear();
        // a request still arriving will not be answered: nor is its handler run
        assembler.abandon(new IOException("the connection closes: the request body will not be read to its end"));
        awaitingHead = false;
        ctx.flush();
        closeTimer = ctx.executor().schedule((Runnable) ctx::close, config.idleTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        if ((refused || !clientAskedToClose) && !inputShutdown) {
            closed = true; // from here on the lingering close owns the channel
            facts.markClosed();
            LingeringClose.after(lastWrite);
        } else { // the client asked to close, or sends nothing more: no reset can come
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
        updateReading();
    }

    /**
     * Reads (and decodes) only while the client reads its responses and the connection holds fewer requests than its
     * limit; bytes already read wait undecoded in the decoder, so the limit is a real bound. A streamed request body
     * that its handler does not want more of now stops the reading, not the decoding: what one read brought is
     * decoded and waits in the body's stream, so the decoder never piles up reads.
     */
    private void updateReading() {
        if (closed) {
            return;
        }
        boolean decode = !refused && ctx.channel().isWritable() && queue.size() < config.maxPipelinedRequests();
        boolean want = decode && assembler.wantsData();
        if (want != reading) {
            reading = want;
            ctx.channel().config().setAutoRead(want);
        }
        if (!decode) {
            decoder.pause();
        } else if (decoder.resume()) {
            ctx.executor().execute(this::decodeBuffered);
        }
    }

    /** Runs the decoder over what it holds from before it paused (a task: never inside another read). */
    private void decodeBuffered() {
        if (!closed && !decoder.isPaused()) {
            ctx.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
            ctx.pipeline().fireChannelReadComplete();
        }
    }

    /** The preface or ALPN chose HTTP/2 before any request was read: this dispatcher leaves the connection. */
    void handOver() {
        closed = true;
        deadline.stop();
        stall.stop();
        runtime.connectionClosed(this);
    }

    // ---- deadlines and shutdown

    private void onReadDeadline(ReadDeadline.Kind kind) {
        if (closed) {
            return;
        }
        if (kind == ReadDeadline.Kind.IDLE && queue.isEmpty()) {
            log.debug("Closing idle connection from {}", remoteAddress);
            ctx.close();
        } else if (kind == ReadDeadline.Kind.HEADER) {
            refuse(408, "the request header section was not received within " + config.headerTimeout().toMillis()
                    + " ms");
        } else if (kind == ReadDeadline.Kind.BODY) {
            refuse(408, "the request body was not received within " + config.bodyTimeout().toMillis() + " ms");
        }
    }

    /** The 101 is due: the connection becomes a WebSocket session, which takes its place in the server. */
    @Override
    public void upgrade(ResponseSlot slot, Response response) {
        deadline.stop();
        stall.stop();
        WebSocketPipeline.install(ctx, runtime, this, slot.upgrade(), response);
        reading = true;
        ctx.channel().config().setAutoRead(true);
    }

    /** Graceful shutdown: answer what has arrived, then close. Any thread. */
    @Override
    public void startDrain() {
        ctx.executor().execute(() -> {
            if (closed) {
                return;
            }
            closing = true;
            if (queue.isEmpty()) {
                ctx.close();
            } else {
                queue.serverDraining(); // an event stream ends, so that its client reconnects elsewhere
            }
        });
    }

    /** End of the grace period: close whatever is still open. Any thread. */
    @Override
    public void closeNow() {
        ctx.close();
    }
}
