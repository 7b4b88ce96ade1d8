package dev.loopline.server.internal;

import dev.loopline.server.Body;
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
    }

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    private static final int INITIAL_BODY_BYTES = 16 * 1024;

    private final ServerConfig config;
    private final Sink sink;
    private final RequestTarget target = new RequestTarget(); // the target of head, parsed once
    private HttpRequest head;  // the request whose body is arriving, or null
    private ResponseSlot slot; // its place in the response order
    private byte[] body;
    private int bodyLength;
    private int bodyLimit; // the announced length, or the configured limit for a chunked body

    RequestAssembler(ServerConfig config, Sink sink) {
        this.config = config;
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

    /** Forgets the request being received (refused, or the connection is gone). */
    void abandon() {
        head = null;
        slot = null;
        body = null;
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
        boolean http10 = request.protocolVersion().minorVersion() == 0;
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
        if (contentLength > config.maxBodyBytes()) {
            sink.refuse(413, "request body of " + contentLength + " bytes exceeds the limit of "
                    + config.maxBodyBytes() + " bytes (RFC 9110 section 15.5.14)");
            return;
        }
        // Not allocated from the announced length: 10 000 heads announcing a megabyte each would be 10 GB of heap
        // before a body byte arrived. The buffer grows with what arrives, up to the announced length.
        bodyLimit = contentLength >= 0 ? (int) contentLength : config.maxBodyBytes();
        boolean bodyAnnounced = contentLength > 0 || HttpUtil.isTransferEncodingChunked(request);
        if (bodyAnnounced) {
            sink.bodyExpected();
        }
        // RFC 9110 section 10.1.1: 100 Continue only once every check of the head has passed (a refusal above goes
        // out instead, and the connection closes), only for content the request announces, never to HTTP/1.0
        if (expect != null && bodyAnnounced && !http10) {
            sink.continueWanted(slot);
        }
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
        int readable = content.content().readableBytes();
        if (readable > 0) {
            if ((long) bodyLength + readable > config.maxBodyBytes()) {
                sink.refuse(413, "request body exceeds the limit of " + config.maxBodyBytes() + " bytes (RFC 9110"
                        + " section 15.5.14)");
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
            abandon();
            sink.complete(completeSlot, complete, target, bytes == null ? Body.EMPTY : Body.wrap(bytes));
        }
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
