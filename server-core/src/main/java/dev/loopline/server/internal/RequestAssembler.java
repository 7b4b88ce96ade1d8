package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.BodyPolicy;
import dev.loopline.server.Handler;
import dev.loopline.server.ServerConfig;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles one request at a time from the decoder's head and body parts: checks the head, answers
 * {@code Expect}, enforces the body limit (before reading a body that announces its length), and aggregates
 * the body into one array. Owned by the connection's loop.
 */
final class RequestAssembler {

    /** What the assembler tells its connection. */
    interface Sink {
        /** A head was accepted: reserve its place in the response order. */
        ResponseSlot open(boolean headRequest, boolean keepAlive, boolean http10);

        /** The client waits for {@code 100 Continue} before it sends this slot's body. */
        void continueWanted(ResponseSlot slot);

        /** A body is on its way: the body deadline starts. */
        void bodyExpected();

        /** The request is refused with {@code status}; nothing after it is read. */
        void refuse(int status, String detail);

        /** The whole request has arrived; {@code target} holds its parsed request-target until this returns. */
        void complete(ResponseSlot slot, HttpRequest head, RequestTarget target, Body body);

        /** The head of a request whose body is streamed has arrived (the slot holds it): its handler runs now. */
        void dispatchStreamed(ResponseSlot slot);

        /** A streamed body has arrived to its end. */
        void streamedBodyEnded(ResponseSlot slot);

        /** Whether the streamed body wants bytes from the client changed, or bytes arrived: reading and deadline. */
        void streamedBodyProgress(boolean arrived);

        /** The response went out before its streamed body was read, and the rest is too long to drop: close. */
        void closeWhenWritten();
    }

    /** After a response that went out before its streamed request body was read, at most this much more is dropped. */
    static final long DROP_LIMIT = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    private static final int INITIAL_BODY_BYTES = 16 * 1024;

    private final ServerConfig config;
    private final Handler handler; // asked how it takes a body (BodyPolicy)
    private final Sink sink;
    private final RequestTarget target = new RequestTarget(); // the target of head, parsed once
    private HttpRequest head;  // the request whose body is arriving, or null
    private ResponseSlot slot; // its place in the response order
    private byte[] body;
    private int bodyLength;
    private int bodyLimit; // the announced length, or the configured limit for a chunked body
    private long bodyMax;  // the limit of this request's body: the route's policy, or the configured one
    private RequestBodyStream stream; // the body of head, when it is streamed to its handler
    private long droppedFrom = -1;    // bytes the stream had when its rest began to be dropped
    private boolean streamExpectsContinue; // its client waits for 100 Continue before it sends the body

    RequestAssembler(ServerConfig config, Handler handler, Sink sink) {
        this.config = config;
        this.handler = handler;
        this.sink = sink;
    }

    /** True between a request's head and the end of its body. */
    boolean isReceiving() {
        return head != null;
    }

    /** The slot of the request being received, or null. */
    ResponseSlot slot() {
        return slot;
    }

    /** Forgets the request being received (refused, or the connection is gone); its streamed body fails. */
    void abandon(Throwable why) {
        if (stream != null && !stream.hasEnded() && why != null) {
            stream.fail(why);
        }
        head = null;
        slot = null;
        body = null;
        stream = null;
        droppedFrom = -1;
    }

    /** True unless a body is being streamed to a handler that does not want more of it now. */
    boolean wantsData() {
        return stream == null || stream.wantsData();
    }

    /** The slot whose request body is being streamed to its handler, or null. */
    ResponseSlot streamingSlot() {
        return stream == null ? null : slot;
    }

    /**
     * The response of the streamed request went out: its rest is read and dropped (at most {@link #DROP_LIMIT}).
     *
     * @return true when the connection must close instead: the client waits for a {@code 100 Continue} that never
     *     came, so whether its body follows is unknown (RFC 9110 section 10.1.1)
     */
    boolean responseWentOut() {
        if (stream == null || stream.hasEnded()) {
            return false;
        }
        if (streamExpectsContinue && !stream.asked()) {
            return true;
        }
        droppedFrom = stream.received();
        stream.drop();
        return false;
    }

    void onHead(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            log.debug("Request head refused; the decoder said: {}", result.cause().toString());
            RequestValidator.Rejection rejection = DecodeFailures.ofHead(result.cause(), config);
            sink.refuse(rejection.status(), rejection.detail());
            return;
        }
        RequestValidator.Rejection rejection = RequestValidator.check(request, target);
        if (rejection != null) {
            sink.refuse(rejection.status(), rejection.detail());
            return;
        }
        boolean http10 = request.protocolVersion().majorVersion() == 1 && request.protocolVersion().minorVersion() == 0;
        head = request;
        slot = sink.open(request.method() == HttpMethod.HEAD, HttpUtil.isKeepAlive(request), http10);
        bodyLength = 0;
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            sink.refuse(417, "unsupported expectation \"" + truncate(expect) + "\"; only 100-continue is supported"
                    + " (RFC 9110 section 10.1.1)");
            return;
        }
        long contentLength = HttpUtil.getContentLength(request, -1L);
        boolean bodyAnnounced = contentLength > 0 || HttpUtil.isTransferEncodingChunked(request)
                || request instanceof Http2Head && ((Http2Head) request).bodyFollows();
        BodyPolicy policy = bodyAnnounced ? policyFor(request) : null;
        bodyMax = policy != null ? policy.maxBytes() : config.maxBodyBytes();
        if (contentLength > bodyMax) {
            sink.refuse(413, "request body of " + contentLength + " bytes exceeds the limit of " + bodyMax
                    + " bytes (RFC 9110 section 15.5.14)");
            return;
        }
        if (policy != null && policy.isStreamed()) {
            startStream(request, contentLength, expect != null && !http10);
            return;
        }
        // Not allocated from the announced length: 10 000 heads announcing a megabyte each would be 10 GB of heap
        // before a body byte arrived. The buffer grows with what arrives, up to the announced length.
        bodyLimit = contentLength >= 0 ? (int) contentLength : (int) bodyMax;
        if (bodyAnnounced) {
            sink.bodyExpected();
        }
        // RFC 9110 section 10.1.1: 100 Continue only once every check of the head has passed (a refusal above goes
        // out instead, and the connection closes), only for content the request announces, never to HTTP/1.0
        if (expect != null && bodyAnnounced && !http10) {
            sink.continueWanted(slot);
        }
    }

    /** How the handler wants the body of {@code head}: null for the server's default. */
    private BodyPolicy policyFor(HttpRequest head) {
        slot.request = new DefaultRequest(head.method().name(), target, head.protocolVersion().text(),
                new NettyHeaders(head.headers()), Body.EMPTY, slot); // the head alone, until its body is there
        try {
            return handler.bodyPolicy(slot.request);
        } catch (RuntimeException broken) {
            log.error("Asking the handler for the body policy of {} failed; taking the body as configured",
                    slot.request, broken);
            return null;
        }
    }

    /** The head's body goes to its handler as it arrives; 100 Continue waits until the handler asks for it. */
    private void startStream(HttpRequest request, long contentLength, boolean continueWanted) {
        ResponseSlot streamSlot = slot;
        streamExpectsContinue = continueWanted;
        stream = new RequestBodyStream(slot.connection.loop(), new RequestBodyStream.Connection() {
            @Override
            public void firstDemand() {
                if (continueWanted) {
                    sink.continueWanted(streamSlot);
                }
            }

            @Override
            public void demandChanged() {
                sink.streamedBodyProgress(false);
            }
        }, bodyMax);
        slot.requestBodyStream(stream);
        slot.request = slot.request.withBody(BodyParts.streamed(BodySource.ofRequest(stream, contentLength,
                stream.trailers())));
        slot.bodyArriving(true);
        sink.dispatchStreamed(slot);
        sink.streamedBodyProgress(false);
    }

    void onContent(HttpContent content) {
        if (head == null) {
            return; // the rest of a refused request
        }
        if (content.decoderResult().isFailure()) {
            log.debug("Request body refused; the decoder said: {}", content.decoderResult().cause().toString());
            sink.refuse(400, DecodeFailures.ofBody(content.decoderResult().cause(), config));
            return;
        }
        if (stream != null) {
            onStreamedContent(content);
            return;
        }
        int readable = content.content().readableBytes();
        if (readable > 0) {
            if ((long) bodyLength + readable > bodyMax) {
                sink.refuse(413, "request body exceeds the limit of " + bodyMax + " bytes (RFC 9110 section 15.5.14)");
                return;
            }
            ensureCapacity(bodyLength + readable);
            content.content().getBytes(content.content().readerIndex(), body, bodyLength, readable);
            bodyLength += readable;
        }
        if (content instanceof LastHttpContent) {
            HttpRequest complete = head;
            ResponseSlot completeSlot = slot;
            byte[] bytes = body == null || body.length == bodyLength ? body : Arrays.copyOf(body, bodyLength);
            abandon(null);
            sink.complete(completeSlot, complete, target, bytes == null ? Body.EMPTY : Body.wrap(bytes));
        }
    }

    private void onStreamedContent(HttpContent content) {
        if (!stream.onData(content.content())) {
            sink.refuse(413, "request body exceeds the limit of " + bodyMax + " bytes (RFC 9110 section 15.5.14)");
            return;
        }
        if (droppedFrom >= 0 && stream.received() - droppedFrom > DROP_LIMIT) {
            abandon(null);
            sink.closeWhenWritten(); // the unread rest of the body is too long to drop: the connection ends
            return;
        }
        if (content instanceof LastHttpContent) {
            stream.onEnd(new NettyHeaders(((LastHttpContent) content).trailingHeaders()));
            ResponseSlot ended = slot;
            abandon(null);
            sink.streamedBodyEnded(ended);
            return;
        }
        sink.streamedBodyProgress(true);
    }

    private void ensureCapacity(int needed) {
        if (body == null) {
            body = new byte[Math.min(bodyLimit, Math.max(needed, INITIAL_BODY_BYTES))];
        } else if (body.length < needed) {
            byte[] larger = new byte[(int) Math.min(bodyLimit, Math.max(needed, 2L * body.length))];
            System.arraycopy(body, 0, larger, 0, bodyLength);
            body = larger;
        }
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
