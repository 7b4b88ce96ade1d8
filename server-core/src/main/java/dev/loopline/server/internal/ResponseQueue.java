package dev.loopline.server.internal;

import dev.loopline.server.Exchange;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests in order: runs their handlers (at once, or deferred while the client is not
 * reading or too many are running), collects their outcomes from any thread onto the loop, and writes the
 * responses in request order, whichever handler finishes first. Owned by the connection's loop.
 */
final class ResponseQueue {

    private static final Logger log = LoggerFactory.getLogger(Loggers.HANDLER);

    private final QueueConnection connection;
    private final ResponseWire wire;
    private final ServerRuntime runtime;
    private final ServerConfig config;
    private final LoopMonitor monitor;
    private final ChannelHandlerContext ctx;
    private final ArrayDeque<ResponseSlot> slots = new ArrayDeque<>(4);    // every request not yet answered
    private final ArrayDeque<ResponseSlot> deferred = new ArrayDeque<>(2); // complete, handler not yet run
    private int running; // handlers called and not yet complete
    private boolean runningDeferred;
    private ResponseStream streaming; // the streamed body going out now, ahead of every later response
    private final ExchangeReporter reporter;

    ResponseQueue(QueueConnection connection, ResponseWire wire, ChannelHandlerContext ctx, ServerRuntime runtime) {
        this.connection = connection;
        this.wire = wire;
        this.ctx = ctx;
        this.runtime = runtime;
        this.config = runtime.config;
        this.monitor = runtime.monitor(ctx.channel().eventLoop());
        this.reporter = new ExchangeReporter(runtime.observers, monitor);
    }

    /** Reserves the next place in the response order. */
    ResponseSlot open(boolean headRequest, boolean keepAlive, boolean http10) {
        ResponseSlot slot = new ResponseSlot(connection.context(), headRequest, keepAlive, http10);
        slots.addLast(slot);
        runtime.requestStarted();
        return slot;
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    int size() {
        return slots.size();
    }

    /** Runs the handler of a complete request now, or as soon as the client reads again. */
    void submit(ResponseSlot slot) {
        if (deferred.isEmpty() && mayRunHandler()) {
            invoke(slot);
        } else {
            deferred.addLast(slot); // bounded by one read: the connection stops reading
        }
    }

    /** Sends {@code 100 Continue} now if {@code slot} is first in line; else when it gets there. */
    void continueWhenFirst(ResponseSlot slot) {
        slot.continuePending(true);
        if (slots.peekFirst() == slot) {
            write();
        }
    }

    /** Answers {@code slot} without a handler (a refused request). */
    void answer(ResponseSlot slot, Response response) {
        if (slot.invoked() && !slot.done()) { // a streamed request refused while its handler runs
            running--;
            slot.cancelTimeout();
            slot.cancel();
        }
        slot.continuePending(false);
        if (!slot.done()) { // answered already (its response may be going out now): that answer stays
            slot.response = response;
            slot.done(true);
        }
        write();
    }

    /** Handlers run only while the client reads its responses and the pipelining limit is not reached. */
    private boolean mayRunHandler() {
        return running < config.maxPipelinedRequests() && ctx.channel().isWritable();
    }

    void runDeferred() {
        if (runningDeferred) {
            return; // already looping further up the stack
        }
        runningDeferred = true;
        try {
            while (!deferred.isEmpty() && connection.isOpen() && mayRunHandler()) {
                invoke(deferred.pollFirst());
            }
        } finally {
            runningDeferred = false;
        }
    }

    private void invoke(ResponseSlot slot) {
        DefaultRequest request = slot.request;
        slot.invoked(true);
        running++;
        CompletionStage<Response> stage;
        Throwable thrown = null;
        long outer = reporter.handlerStarts();
        long start = System.nanoTime();
        monitor.enter(request);
        try {
            stage = runtime.handler.handle(request);
        } catch (Throwable error) {
            stage = null;
            thrown = error;
        } finally {
            monitor.exit();
        }
        reporter.handlerReturned(slot, start, outer);
        if (thrown != null) {
            complete(slot, null, thrown);
        }
        if (slot.done()) {
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
            if (!slot.bodyArriving()) { // a streamed body's handler is timed once its body is all there
                armTimeout(slot);
            }
            stage.whenComplete((response, error) -> completeOnLoop(slot, response, error));
        }
    }

    private void armTimeout(ResponseSlot slot) {
        slot.timeout = connection.context().timers().schedule(() -> onHandlerTimeout(slot), config.handlerTimeout().toNanos(),
                null);
    }

    /** The streamed body of {@code slot} has all arrived: its handler is timed from now, if it still runs. */
    void bodyArrived(ResponseSlot slot) {
        slot.bodyArriving(false);
        if (slot.invoked() && !slot.done() && slot.timeout == null) {
            armTimeout(slot);
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
        } catch (RejectedExecutionException shutDown) {
            log.debug("Response for {} dropped: the server has shut down", slot.request);
        }
    }

    private void onHandlerTimeout(ResponseSlot slot) {
        slot.timeout = null;
        if (slot.done() || !connection.isOpen()) {
            return;
        }
        runtime.handlerTimedOut();
        log.warn("Handler for {} did not complete within {} ms; answering 503", slot.request,
                config.handlerTimeout().toMillis());
        complete(slot, Response.problem(503, "the request was not handled within "
                + config.handlerTimeout().toMillis() + " ms"), null);
        slot.cancel(); // answered: work still queued for it never starts, however the stage was wrapped
    }

    /** Records a handler's outcome (loop thread only) and writes whatever is now ready, in order. */
    private void complete(ResponseSlot slot, Response response, Throwable error) {
        assert ctx.executor().inEventLoop() : "responses are completed on the connection's loop only";
        if (slot.done() || !connection.isOpen()) {
            if (response != null) {
                FileBodies.discard(response.body()); // a file it opened is closed, never sent
            }
            return; // timed out already, or the client has gone
        }
        slot.cancelTimeout();
        if (error != null) {
            slot.response = Failures.responseFor(slot.request, error);
        } else if (response != null) {
            slot.response = response;
        } else {
            log.error("Handler for {} completed with a null Response; answering 500", slot.request);
            slot.response = Failures.internalError();
        }
        slot.done(true);
        if (slot.invoked()) {
            running--;
        }
        write();
        runDeferred();
    }

    /** Writes every finished response at the front of the queue, in request order. */
    void write() {
        boolean wrote = false;
        ResponseSlot slot;
        while ((slot = slots.peekFirst()) != null) {
            if (!slot.done()) {
                if (slot.continuePending()) {
                    slot.continuePending(false);
                    wire.writeContinue();
                    wrote = true;
                }
                break;
            }
            if (streaming != null) {
                break; // a streamed body is going out: the responses behind it wait their turn
            }
            Response response = slot.response;
            int status = response.status();
            if (status == 101 && slot.upgrade() == null) { // a 101 passed on from another request's handler
                log.error("Handler for {} answered with another request's 101; answering 500", slot.request);
                response = slot.response = Failures.internalError();
                status = 500;
            } else if (status == 101) { // a WebSocket upgrade, the last HTTP this connection sees
                slots.pollFirst();
                finished(slot, Exchange.Outcome.COMPLETED);
                abandonAll(); // requests pipelined behind an upgrade are not answered
                connection.upgrade(slot, response);
                return;
            }
            Failures.warnIfBodyOn205(slot.request, response);
            BodySource source = BodyParts.source(response.body());
            boolean streamed = source != null && !slot.headRequest() && status != 204 && status != 205 && status != 304;
            boolean closeDelimited = streamed && slot.http10() && source.length() < 0;
            boolean close = !slot.keepAlive() || (connection.isClosing() && slots.size() == 1) || ResponseWriter.asksToClose(response)
                    || closeDelimited || connection.responseGoesOut(slot);
            ResponseWriter.ConnectionField field = close ? ResponseWriter.ConnectionField.CLOSE
                    : slot.http10() ? ResponseWriter.ConnectionField.KEEP_ALIVE : ResponseWriter.ConnectionField.NONE;
            if (streamed && source.file() != null && wire.sendsFiles()) {
                slots.pollFirst(); // a file on a cleartext connection: sendfile, no copy through user space
                BodySource.FileRegionSource file = source.file();
                runtime.writer.writeStreamHead(ctx, response, field, file.length(), ResponseWriter.Framing.LENGTH);
                DefaultFileRegion region = new DefaultFileRegion(file.channel(), file.start(), file.length());
                ChannelFuture written = ctx.write(region);
                finished(slot, null); // reported once the file has gone out, or the connection failed
                long length = file.length(); // what a transport that copies by itself does not count in the region
                reporter.endedWhenWritten(slot, written, () -> written.isSuccess() ? length : region.transferred());
                if (close) {
                    abandonAll();
                    connection.closeAfter(written, !slot.keepAlive());
                    return;
                }
                wrote = true;
                continue;
            }
            if (streamed) {
                startStream(slot, source, field, closeDelimited);
                break;
            }
            if (source != null) {
                source.discard(); // a streamed body not sent (HEAD, 204, 205, 304): what it holds is freed
            }
            slots.pollFirst();
            ChannelFuture written = wire.writeResponse(response, slot.headRequest(), field);
            finished(slot, Exchange.Outcome.COMPLETED);
            if (close) {
                abandonAll();
                connection.closeAfter(written, !slot.keepAlive());
                return;
            }
            wrote = true;
        }
        connection.written(wrote);
    }

    // ---- streamed bodies

    private void startStream(ResponseSlot slot, BodySource source, ResponseWriter.ConnectionField field,
                             boolean closeDelimited) {
        ResponseWriter.Framing framing = source.length() >= 0 ? ResponseWriter.Framing.LENGTH
                : closeDelimited ? ResponseWriter.Framing.CLOSE_DELIMITED : ResponseWriter.Framing.CHUNKED;
        streaming = new ResponseStream(wire.streamTarget(slot.response, field, framing),
                new QueueStreamOwner(this, reporter, slot, field), ctx.executor(), source,
                runtime.offload().blocking(), connection.context().timers(), config.idleTimeout().toNanos());
        streaming.start();
    }

    /** The server drains: a streamed body that never ends by itself (an event stream) is asked to end. */
    void serverDraining() {
        if (streaming != null) {
            streaming.serverDraining();
        }
    }

    /** The client reads again (or stopped): a streamed body asks for more only while it can be written. */
    void writabilityChanged() {
        if (streaming != null) {
            streaming.writabilityChanged();
        }
    }

    // ---- what the streamed body's owner asks of the queue (loop thread)

    /** The streamed body going out now, which has ended (or failed): the responses behind it may go. */
    ResponseStream streamOver() {
        ResponseStream over = streaming;
        streaming = null;
        return over;
    }

    boolean isFirst(ResponseSlot slot) { // still first in line: not abandoned meanwhile
        return slots.peekFirst() == slot;
    }

    void removeFirst(ResponseSlot slot, Exchange.Outcome outcome) { // first in line, answered: it leaves the queue
        slots.pollFirst();
        finished(slot, outcome);
    }

    /** Closes after {@code lastWrite} when it had to, or when the connection closes and nothing waits: true if so. */
    boolean closedAfter(ChannelFuture lastWrite, boolean mustClose, boolean clientAskedToClose) {
        if (!mustClose && !(connection.isClosing() && slots.isEmpty())) {
            return false;
        }
        abandonAll();
        connection.closeAfter(lastWrite, clientAskedToClose);
        return true;
    }

    /** {@code slot}'s streamed body broke off after its head: reported; nothing else is sent; the connection closes. */
    void brokeOff(ResponseSlot slot) {
        if (isFirst(slot)) {
            removeFirst(slot, Exchange.Outcome.BROKEN);
        }
        abandonAll();
        connection.responseBroken();
    }

    /** Forgets every request not yet answered: the connection is closing or gone. */
    void abandonAll() {
        if (streaming != null) {
            ResponseStream stopped = streaming;
            streaming = null;
            stopped.cancel();
            ResponseSlot first = slots.peekFirst();
            if (first != null) {
                first.streamedBytes(stopped.written());
            }
        }
        for (ResponseSlot abandoned : slots) {
            if (abandoned.done() && abandoned.response != null) {
                FileBodies.discard(abandoned.response.body()); // answered, never sent
            }
            abandoned.cancelTimeout();
            abandoned.done(true);
            abandoned.cancel(); // its offloaded work that has not started never will
            finished(abandoned, abandoned.hasOutcome() ? abandoned.outcome() : Exchange.Outcome.ABANDONED);
        }
        slots.clear();
        deferred.clear();
    }

    /**
     * {@code slot} has left the queue: the server counts it, what waited for its end runs, and (with an
     * {@code outcome}; null when that is told later) the observers hear of it.
     */
    private void finished(ResponseSlot slot, Exchange.Outcome outcome) {
        runtime.requestFinished();
        try {
            slot.end();
        } catch (RuntimeException e) {
            log.warn("An action at the end of {} failed", slot, e);
        }
        if (outcome != null) {
            reporter.ended(slot, outcome);
        }
    }
}
