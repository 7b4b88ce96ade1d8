package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2Stream.State;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream's exchange, on its connection's loop: the stream's HEADERS and DATA become a request for the
 * {@link RequestAssembler} (the same checks, limits, {@code Expect}, aggregated or streamed body as HTTP/1.1), its
 * {@link ResponseQueue} runs the handler, and the response goes out as HEADERS and DATA frames through the
 * connection's {@link Http2ServerHandler}. Flow control: a streamed response asks its publisher for more only while
 * the stream is writable (the client's window has room), and a streamed request body's bytes are given back to the
 * client's window only as its handler wants more, so no WINDOW_UPDATE goes out until it does.
 *
 * <p>Every field is owned by the connection's event loop.
 */
final class Http2Exchange implements RequestAssembler.Sink, QueueConnection, ResponseWire {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    private static final byte[] NO_BODY = new byte[0];

    private final Http2ServerHandler connection;
    private final Http2Stream stream;
    private final ServerRuntime runtime;
    private final RequestAssembler assembler;
    private final ResponseQueue queue;
    private ReadDeadline deadline; // made when a body is expected
    private int unconsumed;     // request-body bytes received and not yet given back to the client's window
    private boolean headSeen;
    private boolean inputEnded; // the client ended its side of the stream
    private boolean closing;    // refused, or answered before its body was read: the stream ends with the answer
    private boolean closed;
    private boolean resetWhenAnswered; // the client must stop sending, once the response has all gone out

    Http2Exchange(Http2ServerHandler connection, Http2Stream stream) {
        this.connection = connection;
        this.stream = stream;
        this.runtime = connection.runtime();
        this.assembler = new RequestAssembler(runtime.config, runtime.handler, this);
        this.queue = new ResponseQueue(this, this, connection.ctx(), runtime);
    }

    /** Stream 1 of a connection upgraded from HTTP/1.1: its request came before the switch. */
    void onUpgraded(Http2Head upgraded) {
        headSeen = true;
        inputEnded = true;
        assembler.onHead(upgraded);
        if (!closing) {
            assembler.onContent(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** The stream has closed (both ends done, or reset): whatever is not answered yet never will be. */
    void streamClosed() {
        closed = true;
        if (deadline != null) {
            deadline.stop();
        }
        if (assembler.isReceiving()) { // an exception per stream (its stack trace) would cost more than the stream
            assembler.abandon(new IOException("the client reset the HTTP/2 stream before the request body was complete"));
        }
        queue.abandonAll();
        connection.streamClosed();
    }

    /** A DATA frame's bytes (released by the caller); returns how many of them go back to the window now. */
    int onData(ByteBuf data, boolean endStream) {
        int length = data.readableBytes();
        if (closed) {
            return length;
        }
        inputEnded = endStream;
        if (!closing) {
            assembler.onContent(endStream ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
        }
        if (closing || endStream || assembler.wantsData()) {
            return length;
        }
        unconsumed += length; // a streamed body its handler does not want more of now: the client waits
        return 0;
    }

    void onHeaders(Http2Headers headers, boolean endStream) {
        inputEnded = endStream;
        if (headSeen) { // trailers (RFC 9113 section 8.1): they must end the stream
            if (!inputEnded) {
                reset(Http2Error.PROTOCOL_ERROR);
            } else if (!closing) {
                LastHttpContent last;
                try {
                    last = Http2Head.trailers(headers);
                } catch (IllegalArgumentException malformed) { // thrown out of here it would end the connection
                    refuse(400, "malformed HTTP/2 trailers: " + malformed.getMessage());
                    return;
                }
                assembler.onContent(last);
            }
            return;
        }
        headSeen = true;
        if (headers.method() != null && headers.method().length() > runtime.config.maxMethodBytes()) {
            refuse(501, "the method is longer than " + runtime.config.maxMethodBytes() + " bytes, so this server"
                    + " does not implement it");
            return;
        }
        if (headers.path() != null && headers.path().length() > runtime.config.maxInitialLineBytes()) {
            refuse(414, "the :path is longer than " + runtime.config.maxInitialLineBytes() + " bytes");
            return;
        }
        Http2Head head;
        try {
            head = Http2Head.of(headers, inputEnded);
        } catch (IllegalArgumentException malformed) {
            refuse(400, "malformed HTTP/2 request: " + malformed.getMessage());
            return;
        }
        assembler.onHead(head);
        if (inputEnded && !closing) {
            assembler.onContent(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** The server drains: a streamed body that never ends by itself (an event stream) is asked to end. */
    void serverDraining() {
        queue.serverDraining();
    }

    /** The stream's writability changed (its window, or the connection's buffer). */
    void writabilityChanged() {
        queue.writabilityChanged();
        queue.runDeferred();
        updateReading();
    }

    // ---- RequestAssembler.Sink

    @Override
    public ResponseSlot open(boolean headRequest, boolean keepAlive, boolean http10) {
        return queue.open(headRequest, true, false);
    }

    @Override
    public void continueWanted(ResponseSlot slot) {
        queue.continueWhenFirst(slot);
    }

    @Override
    public void bodyExpected() {
        deadline().set(ReadDeadline.Kind.BODY);
    }

    @Override
    public void refuse(int status, String detail) {
        ResponseSlot slot = assembler.isReceiving() ? assembler.slot() : queue.open(false, true, false);
        assembler.abandon(new HttpStatusException(status, detail));
        closing = true;
        if (deadline != null) {
            deadline.clear();
        }
        log.debug("Refused an HTTP/2 request on stream {}: {} {}", stream.id(), status, detail);
        queue.answer(slot, Response.problem(status, detail));
    }

    @Override
    public void complete(ResponseSlot slot, HttpRequest head, RequestTarget target, Body body) {
        if (deadline != null) {
            deadline.clear();
        }
        slot.continuePending(false);
        slot.request = new DefaultRequest(head.method().name(), target, head.protocolVersion().text(),
                new NettyHeaders(head.headers()), body, slot);
        queue.submit(slot);
        updateReading();
    }

    @Override
    public void dispatchStreamed(ResponseSlot slot) {
        queue.submit(slot);
    }

    @Override
    public void streamedBodyEnded(ResponseSlot slot) {
        if (deadline != null) {
            deadline.clear();
        }
        slot.continuePending(false);
        queue.bodyArrived(slot);
        updateReading();
    }

    @Override
    public void streamedBodyProgress(boolean arrived) {
        deadline().streamedBody(assembler.wantsData(), arrived);
        updateReading();
    }

    /** The response went out before its request body, whose rest is too long to drop: the client stops sending. */
    @Override
    public void closeWhenWritten() {
        closing = true;
        State state = stream.state();
        if (state == State.HALF_CLOSED_LOCAL || state == State.CLOSED) {
            reset(Http2Error.NO_ERROR);
        } else {
            resetWhenAnswered = true; // a reset now would drop DATA still waiting for the client's window
        }
    }

    /** The response's last frame has been written: a reset asked for meanwhile goes out now. */
    void answered() {
        if (resetWhenAnswered) {
            resetWhenAnswered = false;
            reset(Http2Error.NO_ERROR);
        }
    }

    /** RST_STREAM INTERNAL_ERROR now: the client sees a cut body (DATA not yet sent is dropped); the connection goes on. */
    @Override
    public void responseBroken() {
        closing = true;
        reset(Http2Error.INTERNAL_ERROR);
    }

    // ---- QueueConnection

    @Override
    public ChannelContext context() {
        return connection.facts();
    }

    @Override
    public boolean isOpen() {
        return !closed && connection.facts().isOpen();
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public boolean responseGoesOut(ResponseSlot slot) {
        return assembler.streamingSlot() == slot && assembler.responseWentOut();
    }

    @Override
    public void upgrade(ResponseSlot slot, Response response) {
        // WebSocket needs HTTP/1.1's Upgrade, which HTTP/2 forbids (RFC 9113 section 8.6): the handshake never accepts
        log.error("A 101 on HTTP/2 stream {} cannot switch protocols; resetting the stream", stream.id());
        reset(Http2Error.INTERNAL_ERROR);
    }

    @Override
    public void written(boolean wrote) {
        if (wrote) {
            connection.flush();
        }
        updateReading();
    }

    /**
     * The response is written and the exchange ends with it. If the client is still sending the request's body
     * (refused, or answered without reading it), the stream is reset with NO_ERROR once the response is out, so it
     * stops sending (RFC 9113 section 8.1).
     */
    @Override
    public void closeAfter(ChannelFuture lastWrite, boolean clientAskedToClose) {
        closing = true;
        if (deadline != null) {
            deadline.clear();
        }
        if (assembler.isReceiving()) {
            assembler.abandon(new IOException("the HTTP/2 stream was answered before its request body was read"));
        }
        connection.flush();
        if (!inputEnded) {
            closeWhenWritten();
        }
    }

    private void reset(Http2Error error) {
        if (!closed) {
            connection.reset(stream.id(), error);
        }
    }

    // ---- ResponseWire

    @Override
    public ChannelFuture writeResponse(Response response, boolean headRequest, ResponseWriter.ConnectionField field) {
        int status = response.status();
        boolean noContent = status == 204 || status == 304;
        byte[] body = noContent || status == 205 ? NO_BODY : BodyParts.bytes(response.body());
        Http2Responses heads = runtime.writer.http2();
        if (body == null) { // a streamed body of a HEAD request: the head alone, as a GET's would be
            return writeHead(heads.head(response, response.body().contentLength()), true);
        }
        Http2Headers head = heads.head(response, noContent ? -1 : body.length);
        if (headRequest || body.length == 0) {
            return writeHead(head, true);
        }
        writeHead(head, false);
        return writeData(Unpooled.wrappedBuffer(body), true);
    }

    ChannelFuture writeHead(Http2Headers head, boolean endStream) {
        return connection.writeHeaders(stream.id(), head, endStream);
    }

    ChannelFuture writeData(ByteBuf data, boolean endStream) {
        return connection.writeData(stream.id(), data, endStream);
    }

    boolean isWritable() {
        return connection.isWritable(stream);
    }

    void flush() {
        connection.flush();
    }

    void flushNow() {
        connection.flushNow();
    }

    @Override
    public void writeContinue() {
        writeHead(Http2Responses.continueHead(), false);
    }

    @Override
    public ResponseStream.Target streamTarget(Response response, ResponseWriter.ConnectionField field,
                                              ResponseWriter.Framing framing) {
        return new Http2StreamTarget(this, runtime.writer.http2(), response,
                runtime.config.writeBufferHighWaterMark());
    }

    @Override
    public boolean sendsFiles() {
        return false; // DATA frames under flow control: a file region cannot be one
    }

    // ---- reading and deadlines

    /** A streamed request body's bytes go back to the client's window once its handler wants more. */
    private void updateReading() {
        if (!closed && unconsumed > 0 && assembler.wantsData()) {
            int bytes = unconsumed;
            unconsumed = 0;
            connection.consumed(stream, bytes);
        }
    }

    private ReadDeadline deadline() {
        if (deadline == null) {
            deadline = new ReadDeadline(runtime.config, this::onReadDeadline);
            deadline.start(connection.ctx().executor());
        }
        return deadline;
    }

    private void onReadDeadline(ReadDeadline.Kind kind) {
        if (closed || kind != ReadDeadline.Kind.BODY) {
            return;
        }
        ResponseSlot receiving = assembler.slot();
        if (receiving != null && receiving.done()) {
            // answered already, the rest of its body being dropped, and the client stopped sending it: a 408 would go
            // nowhere, and the stream would stay open (the connection never idle) until the client ended it
            if (queue.isEmpty()) {
                closeWhenWritten();
            } else {
                deadline().set(ReadDeadline.Kind.BODY); // its response is still going out: look again later
            }
            return;
        }
        refuse(408, "the request body was not received within " + runtime.config.bodyTimeout().toMillis()
                + " ms");
    }
}
