package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's request cycle, on its event loop: turns decoded messages into {@link DefaultRequest}s, calls
 * the handler on the loop, and writes the responses in request order. It also owns the connection's limits:
 * body size, pipelining depth, read deadlines (header, body, idle), handler timeout, and backpressure (no
 * reading while the client is not reading).
 *
 * <p>Every field is owned by the channel's event loop.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter
        implements ConnectionContext, StrictRequestDecoder.RequestStartListener {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final ServerRuntime runtime;
    private final ServerConfig config;
    private final ReadDeadline deadline;

    private ChannelHandlerContext ctx;
    private LoopMonitor monitor;
    private InetSocketAddress remoteAddress;
    private final ArrayDeque<ResponseSlot> slots = new ArrayDeque<>(4);    // every request not yet answered
    private final ArrayDeque<ResponseSlot> deferred = new ArrayDeque<>(2); // complete, handler not yet run
    private int running;              // handlers called and not yet complete
    private boolean runningDeferred;

    // The request whose head has arrived and whose body is arriving.
    private HttpRequest head;
    private ResponseSlot headSlot;
    private byte[] body;
    private int bodyLength;

    private boolean closing;  // read no new request; the last response closes the connection
    private boolean rejected; // a bad request was answered: ignore every byte after it
    private boolean closed;
    private boolean reading = true;
    private boolean inReadBurst;
    private boolean flushPending;

    RequestDispatcher(ServerRuntime runtime) {
        this.runtime = runtime;
        this.config = runtime.config;
        this.deadline = new ReadDeadline(config, this::onReadDeadline);
    }

    // ---- ConnectionContext

    @Override
    public ServerRuntime runtime() {
        return runtime;
    }

    @Override
    public EventLoop loop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public boolean isOpen() {
        return !closed && ctx.channel().isActive();
    }

    // ---- channel events

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        monitor = runtime.monitor(context.channel().eventLoop());
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        remoteAddress = (InetSocketAddress) context.channel().remoteAddress();
        deadline.start(context.executor());
        deadline.set(ReadDeadline.Kind.IDLE);
        runtime.connectionOpened(this);
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        closed = true;
        deadline.stop();
        body = null;
        head = null;
        for (ResponseSlot slot : slots) {
            slot.cancelTimeout();
            runtime.requestFinished(); // abandoned: the client is gone
        }
        slots.clear();
        deferred.clear();
        runtime.connectionClosed(this);
        super.channelInactive(context);
    }

    @Override
    public void requestStarted() {
        if (!closing && !rejected) {
            deadline.set(ReadDeadline.Kind.HEADER);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        inReadBurst = true;
        try {
            if (message instanceof HttpRequest) {
                onHead((HttpRequest) message);
            }
            if (message instanceof HttpContent) {
                onContent((HttpContent) message);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        inReadBurst = false;
        if (flushPending) {
            flushPending = false;
            context.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        runDeferred();
        updateReading();
        super.channelWritabilityChanged(context);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof ChannelInputShutdownEvent) {
            // The client has gone, or half-closed (TCP cannot tell): either way no request follows. What is already
            // written still goes out (io_uring reports the end of input before the read burst's flush), then close.
            if (context.channel().isWritable()) {
                context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                context.close(); // the client was not reading anyway
            }
        }
        super.userEventTriggered(context, event);
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

    // ---- receiving a request

    private void onHead(HttpRequest request) {
        if (closing || rejected || closed) {
            return; // after a Connection: close request, or while draining: nothing more is read
        }
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            reject(statusOf(result.cause()), detailOf(result.cause()));
            return;
        }
        RequestValidator.Rejection rejection = RequestValidator.check(request);
        if (rejection != null) {
            reject(rejection.status(), rejection.detail());
            return;
        }
        boolean http10 = request.protocolVersion().minorVersion() == 0;
        ResponseSlot slot = newSlot(request.method() == HttpMethod.HEAD, HttpUtil.isKeepAlive(request), http10);
        head = request;
        headSlot = slot;
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null) {
            if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
                reject(417, "unsupported expectation \"" + truncate(expect) + "\"; only 100-continue is supported");
                return;
            }
            // A 100 Continue is never sent to an HTTP/1.0 client (RFC 9110 section 10.1.1).
            slot.continuePending = !http10;
        }
        long contentLength = HttpUtil.getContentLength(request, -1L);
        if (contentLength > config.maxBodyBytes()) {
            reject(413, "request body of " + contentLength + " bytes exceeds the limit of " + config.maxBodyBytes()
                    + " bytes");
            return;
        }
        if (contentLength > 0) {
            body = new byte[(int) contentLength];
        }
        bodyLength = 0;
        if (contentLength > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            deadline.set(ReadDeadline.Kind.BODY);
        }
        if (slot.continuePending && slots.peekFirst() == slot) {
            writeReady(); // first in line: send 100 Continue now
        }
    }

    private void onContent(HttpContent content) {
        if (head == null) {
            return; // the rest of a rejected or ignored request
        }
        if (content.decoderResult().isFailure()) {
            reject(400, "invalid message body framing: " + detailOf(content.decoderResult().cause()));
            return;
        }
        int readable = content.content().readableBytes();
        if (readable > 0) {
            if ((long) bodyLength + readable > config.maxBodyBytes()) {
                reject(413, "request body exceeds the limit of " + config.maxBodyBytes() + " bytes");
                return;
            }
            ensureBodyCapacity(bodyLength + readable);
            content.content().getBytes(content.content().readerIndex(), body, bodyLength, readable);
            bodyLength += readable;
        }
        if (content instanceof LastHttpContent) {
            requestComplete();
        }
    }

    private void ensureBodyCapacity(int needed) {
        if (body == null) {
            body = new byte[Math.max(needed, 1024)];
        } else if (body.length < needed) {
            byte[] larger = new byte[(int) Math.min(config.maxBodyBytes(), Math.max(needed, 2L * body.length))];
            System.arraycopy(body, 0, larger, 0, bodyLength);
            body = larger;
        }
    }

    private ResponseSlot newSlot(boolean headRequest, boolean keepAlive, boolean http10) {
        ResponseSlot slot = new ResponseSlot(headRequest, keepAlive, http10);
        slots.addLast(slot);
        runtime.requestStarted();
        return slot;
    }

    // ---- calling the handler

    /** The whole request has arrived: build it, and run its handler now or as soon as the client reads again. */
    private void requestComplete() {
        HttpRequest request = head;
        ResponseSlot slot = headSlot;
        byte[] bytes = body;
        if (bytes != null && bytes.length != bodyLength) {
            bytes = Arrays.copyOf(bytes, bodyLength);
        }
        head = null;
        headSlot = null;
        body = null;
        deadline.clear();
        slot.continuePending = false; // the body has arrived: no interim response is owed any more
        if (!slot.keepAlive) {
            closing = true;
        }
        slot.request = new DefaultRequest(request.method().name(), request.uri(), request.protocolVersion().text(),
                new NettyHeaders(request.headers()), bytes == null ? Body.EMPTY : PublicAccess.wrapBody(bytes),
                remoteAddress, this);
        if (deferred.isEmpty() && mayRunHandler()) {
            invoke(slot);
        } else {
            deferred.addLast(slot); // bounded by one read: reading stops below
        }
        updateReading();
    }

    /** Handlers run only while the client reads its responses and the pipelining limit is not reached. */
    private boolean mayRunHandler() {
        return running < config.maxPipelinedRequests() && ctx.channel().isWritable();
    }

    private void runDeferred() {
        if (runningDeferred) {
            return; // already looping further up the stack
        }
        runningDeferred = true;
        try {
            while (!closed && !deferred.isEmpty() && mayRunHandler()) {
                invoke(deferred.pollFirst());
            }
        } finally {
            runningDeferred = false;
        }
    }

    private void invoke(ResponseSlot slot) {
        DefaultRequest request = slot.request;
        slot.invoked = true;
        running++;
        CompletionStage<Response> stage;
        monitor.enter(request);
        try {
            stage = runtime.handler.handle(request);
        } catch (Throwable error) {
            stage = null;
            complete(slot, null, error);
        } finally {
            monitor.exit();
        }
        if (slot.done) {
            return;
        }
        if (stage == null) {
            log.error("Handler for {} returned null instead of a CompletionStage; answering 500", request);
            complete(slot, Failures.internalError(), null);
        } else if (stage instanceof CompletableFuture && ((CompletableFuture<Response>) stage).isDone()) {
            CompletableFuture<Response> future = (CompletableFuture<Response>) stage;
            if (future.isCompletedExceptionally()) {
                future.whenComplete((response, error) -> complete(slot, response, error));
            } else {
                complete(slot, future.getNow(null), null);
            }
        } else {
            slot.timeout = ctx.executor().schedule(() -> onHandlerTimeout(slot),
                    config.handlerTimeout().toNanos(), TimeUnit.NANOSECONDS);
            stage.whenComplete((response, error) -> completeOnLoop(slot, response, error));
        }
    }

    private void completeOnLoop(ResponseSlot slot, Response response, Throwable error) {
        EventLoop loop = ctx.channel().eventLoop();
        if (loop.inEventLoop()) {
            complete(slot, response, error);
            return;
        }
        try {
            loop.execute(() -> complete(slot, response, error));
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            log.debug("Response for {} dropped: the server has shut down", slot.request);
        }
    }

    private void onHandlerTimeout(ResponseSlot slot) {
        slot.timeout = null;
        if (slot.done || closed) {
            return;
        }
        runtime.handlerTimedOut();
        log.warn("Handler for {} did not complete within {} ms; answering 503", slot.request,
                config.handlerTimeout().toMillis());
        complete(slot, Response.problem(503, "the request was not handled within "
                + config.handlerTimeout().toMillis() + " ms"), null);
    }

    /** Records a handler's outcome (loop thread only) and writes whatever is now ready, in order. */
    private void complete(ResponseSlot slot, Response response, Throwable error) {
        assert ctx.executor().inEventLoop() : "responses are completed on the connection's loop only";
        if (slot.done || closed) {
            return; // timed out already, or the client has gone
        }
        slot.cancelTimeout();
        slot.response = error != null ? Failures.toResponse(slot.request, error) : response != null ? response
                : nullResponse(slot);
        slot.done = true;
        if (slot.invoked) {
            running--;
        }
        writeReady();
        runDeferred();
    }

    private static Response nullResponse(ResponseSlot slot) {
        log.error("Handler for {} completed with a null Response; answering 500", slot.request);
        return Failures.internalError();
    }

    // ---- writing responses

    /** Writes every finished response at the front of the queue, in request order. */
    private void writeReady() {
        boolean wrote = false;
        ResponseSlot slot;
        while ((slot = slots.peekFirst()) != null) {
            if (!slot.done) {
                if (slot.continuePending) {
                    slot.continuePending = false;
                    ResponseWriter.writeContinue(ctx);
                    wrote = true;
                }
                break;
            }
            slots.pollFirst();
            runtime.requestFinished();
            boolean close = !slot.keepAlive || (closing && slots.isEmpty()) || asksToClose(slot.response);
            ResponseWriter.ConnectionField field = close ? ResponseWriter.ConnectionField.CLOSE
                    : slot.http10 ? ResponseWriter.ConnectionField.KEEP_ALIVE : ResponseWriter.ConnectionField.NONE;
            io.netty.channel.ChannelFuture written = runtime.writer.write(ctx, slot.response, slot.headRequest, field);
            wrote = true;
            if (close) {
                closeAfter(written);
                return;
            }
        }
        if (wrote) {
            if (inReadBurst) {
                flushPending = true;
            } else {
                ctx.flush();
            }
        }
        if (slots.isEmpty() && head == null && !closing && !rejected) {
            deadline.set(ReadDeadline.Kind.IDLE);
        }
        updateReading();
    }

    private static boolean asksToClose(Response response) {
        return response.headers().firstValue("Connection").map(value -> value.toLowerCase(java.util.Locale.ROOT)
                .contains("close")).orElse(false);
    }

    /** Flushes, closes once the last bytes are out, and abandons any request queued behind. */
    private void closeAfter(io.netty.channel.ChannelFuture lastWrite) {
        closing = true;
        deadline.clear();
        for (ResponseSlot abandoned : slots) {
            abandoned.cancelTimeout();
            abandoned.done = true;
            runtime.requestFinished();
        }
        slots.clear();
        deferred.clear();
        ctx.flush();
        lastWrite.addListener(ChannelFutureListener.CLOSE);
        updateReading();
    }

    /** Answers a request the server refuses, after those before it, and closes the connection. */
    private void reject(int status, String detail) {
        ResponseSlot slot = headSlot != null ? headSlot : newSlot(false, false, false);
        head = null;
        headSlot = null;
        body = null;
        rejected = true;
        closing = true;
        deadline.clear();
        slot.continuePending = false;
        slot.response = Response.problem(status, detail);
        slot.done = true;
        log.debug("Refused a request from {}: {} {}", remoteAddress, status, detail);
        writeReady();
    }

    private void updateReading() {
        boolean want = !closed && !rejected && ctx.channel().isWritable() && slots.size() < config.maxPipelinedRequests();
        if (want != reading) {
            reading = want;
            ctx.channel().config().setAutoRead(want);
        }
    }

    // ---- deadlines and shutdown

    private void onReadDeadline(ReadDeadline.Kind kind) {
        if (closed) {
            return;
        }
        switch (kind) {
            case IDLE:
                if (slots.isEmpty()) {
                    log.debug("Closing idle connection from {}", remoteAddress);
                    ctx.close();
                }
                break;
            case HEADER:
                reject(408, "the request header section was not received within "
                        + config.headerTimeout().toMillis() + " ms");
                break;
            case BODY:
                reject(408, "the request body was not received within " + config.bodyTimeout().toMillis() + " ms");
                break;
            default:
                break;
        }
    }

    /** Graceful shutdown: answer what has arrived, then close. Any thread. */
    void startDrain() {
        ctx.executor().execute(() -> {
            if (closed) {
                return;
            }
            closing = true;
            if (slots.isEmpty()) {
                ctx.close();
            }
        });
    }

    /** End of the grace period: close whatever is still open. Any thread. */
    void closeNow() {
        ctx.close();
    }

    // ---- error mapping

    private static int statusOf(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return 431;
        }
        return 400;
    }

    private String detailOf(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return "request line is longer than " + config.maxInitialLineBytes() + " bytes";
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return "request header section is larger than " + config.maxHeaderBytes() + " bytes";
        }
        String message = cause.getMessage();
        return "malformed request: " + truncate(message == null ? cause.getClass().getSimpleName() : message);
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
