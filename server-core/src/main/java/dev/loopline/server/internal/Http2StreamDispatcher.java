package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Response;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream, on its connection's loop: the stream's HEADERS and DATA frames become a request for the
 * {@link RequestAssembler} (the same checks, limits, {@code Expect}, aggregated or streamed body as HTTP/1.1), its
 * {@link ResponseQueue} runs the handler and writes the response as HEADERS and DATA frames. Flow control is the
 * stream channel's: its writability follows the client's window, and a streamed request body that its handler does
 * not want more of now stops the channel's reading, so no WINDOW_UPDATE goes out until it does.
 *
 * <p>Every field is owned by the connection's event loop.
 */
final class Http2StreamDispatcher extends ChannelInboundHandlerAdapter
        implements RequestAssembler.Sink, QueueConnection, ResponseWire {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    private static final byte[] NO_BODY = new byte[0];

    private final ServerRuntime runtime;
    private final Http2Connections.Connection connection;
    private final RequestAssembler assembler;
    private ChannelHandlerContext ctx;
    private ChannelContext facts;
    private ResponseQueue queue;
    private ReadDeadline deadline; // made when a body is expected
    private boolean headSeen;
    private boolean inputEnded; // the client ended its side of the stream
    private boolean closing;    // refused, or answered before its body was read: the stream ends with the answer
    private boolean closed;
    private boolean reading = true;

    Http2StreamDispatcher(ServerRuntime runtime, Http2Connections.Connection connection) {
        this.runtime = runtime;
        this.connection = connection;
        this.assembler = new RequestAssembler(runtime.config, runtime.handler, this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
        facts = new ChannelContext(runtime, context.channel());
        queue = new ResponseQueue(this, this, context, runtime);
        connection.streamOpened();
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        super.channelActive(context);
        Http2Head upgraded = connection.takeUpgraded(((Http2StreamChannel) context.channel()).stream().id());
        if (upgraded != null) { // stream 1 of a connection upgraded from HTTP/1.1: its request came before the switch
            headSeen = true;
            inputEnded = true;
            assembler.onHead(upgraded);
            if (!closing) {
                assembler.onContent(LastHttpContent.EMPTY_LAST_CONTENT);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        closed = true;
        if (deadline != null) {
            deadline.stop();
        }
        assembler.abandon(new IOException("the client reset the HTTP/2 stream before the request body was complete"));
        queue.abandonAll();
        facts.closeTimers();
        connection.streamClosed();
        super.channelInactive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        try {
            if (closed) {
                return;
            }
            if (message instanceof Http2HeadersFrame) {
                onHeaders((Http2HeadersFrame) message);
            } else if (message instanceof Http2DataFrame) {
                Http2DataFrame data = (Http2DataFrame) message;
                inputEnded = data.isEndStream();
                if (!closing) {
                    assembler.onContent(inputEnded ? new DefaultLastHttpContent(data.content())
                            : new DefaultHttpContent(data.content()));
                }
            } else if (message instanceof Http2ResetFrame) {
                log.debug("Client reset stream {} with {}", context.channel(), ((Http2ResetFrame) message).errorCode());
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onHeaders(Http2HeadersFrame frame) {
        inputEnded = frame.isEndStream();
        if (headSeen) { // trailers (RFC 9113 section 8.1): they must end the stream
            if (!inputEnded) {
                reset(Http2Error.PROTOCOL_ERROR);
            } else if (!closing) {
                LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
                for (Map.Entry<CharSequence, CharSequence> field : frame.headers()) {
                    if (field.getKey().length() > 0 && field.getKey().charAt(0) != ':') {
                        last.trailingHeaders().add(field.getKey(), field.getValue());
                    }
                }
                assembler.onContent(last);
            }
            return;
        }
        headSeen = true;
        Http2Head head;
        try {
            head = Http2Head.of(frame.headers(), inputEnded);
        } catch (IllegalArgumentException malformed) {
            refuse(400, "malformed HTTP/2 request: " + malformed.getMessage());
            return;
        }
        assembler.onHead(head);
        if (inputEnded && !closing) {
            assembler.onContent(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        queue.writabilityChanged();
        queue.runDeferred();
        updateReading();
        super.channelWritabilityChanged(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("HTTP/2 stream {} failed: {}", context.channel(), cause.toString());
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            context.close();
        } // else the multiplexer resets the stream with the error's code: closing first would say CANCEL
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
        log.debug("Refused an HTTP/2 request on {}: {} {}", ctx.channel(), status, detail);
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
        ctx.flush();
        reset(Http2Error.NO_ERROR);
    }

    /** What was written goes out, then RST_STREAM INTERNAL_ERROR: the client sees a cut body, the connection goes on. */
    @Override
    public void responseBroken() {
        closing = true;
        ctx.flush();
        reset(Http2Error.INTERNAL_ERROR);
    }

    // ---- QueueConnection

    @Override
    public ChannelContext context() {
        return facts;
    }

    @Override
    public boolean isOpen() {
        return !closed && facts.isOpen();
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
        log.error("A 101 on HTTP/2 stream {} cannot switch protocols; resetting the stream", ctx.channel());
        reset(Http2Error.INTERNAL_ERROR);
    }

    @Override
    public void written(boolean wrote) {
        if (wrote) {
            ctx.flush();
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
        assembler.abandon(new IOException("the HTTP/2 stream was answered before its request body was read"));
        ctx.flush();
        if (inputEnded) {
            return;
        }
        if (lastWrite == null) {
            reset(Http2Error.NO_ERROR);
        } else {
            lastWrite.addListener((ChannelFutureListener) written -> reset(Http2Error.NO_ERROR));
        }
    }

    private void reset(Http2Error error) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(error));
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
            return last(new DefaultHttp2HeadersFrame(heads.head(response, response.body().contentLength()), true),
                    field);
        }
        Http2Headers head = heads.head(response, noContent ? -1 : body.length);
        if (headRequest || body.length == 0) {
            return last(new DefaultHttp2HeadersFrame(head, true), field);
        }
        ctx.write(new DefaultHttp2HeadersFrame(head, false), ctx.voidPromise());
        return last(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true), field);
    }

    private ChannelFuture last(Object frame, ResponseWriter.ConnectionField field) {
        if (field == ResponseWriter.ConnectionField.CLOSE) {
            return ctx.write(frame);
        }
        ctx.write(frame, ctx.voidPromise());
        return null;
    }

    @Override
    public void writeContinue() {
        ctx.write(new DefaultHttp2HeadersFrame(Http2Responses.continueHead(), false), ctx.voidPromise());
    }

    @Override
    public ResponseStream.Target streamTarget(Response response, ResponseWriter.ConnectionField field,
                                              ResponseWriter.Framing framing) {
        return new Http2StreamTarget(ctx, runtime.writer.http2(), response);
    }

    @Override
    public boolean sendsFiles() {
        return false; // DATA frames under flow control: a file region cannot be one
    }

    // ---- reading and deadlines

    /** A streamed request body reads (and grants the client window) only while its handler wants more. */
    private void updateReading() {
        if (closed) {
            return;
        }
        boolean want = assembler.wantsData();
        if (want != reading) {
            reading = want;
            ctx.channel().config().setAutoRead(want);
        }
    }

    private ReadDeadline deadline() {
        if (deadline == null) {
            deadline = new ReadDeadline(runtime.config, this::onReadDeadline);
            deadline.start(ctx.executor());
        }
        return deadline;
    }

    private void onReadDeadline(ReadDeadline.Kind kind) {
        if (!closed && kind == ReadDeadline.Kind.BODY) {
            refuse(408, "the request body was not received within " + runtime.config.bodyTimeout().toMillis()
                    + " ms");
        }
    }
}
