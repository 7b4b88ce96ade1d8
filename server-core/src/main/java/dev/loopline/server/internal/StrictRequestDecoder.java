package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's request decoder plus what it does not do: it tells the connection when the first byte of a new request
 * arrives (the header timeout starts there); it allows only empty lines before a request line, where Netty would
 * skip any control or whitespace (RFC 9112 section 2.2); it rejects obs-fold, a header line continued on the next
 * line by leading whitespace (RFC 9112 section 5.2), which Netty would silently join; it rejects a protocol name
 * other than "HTTP" in capitals (RFC 9112 section 2.3), which Netty would upper-case; it answers a method longer
 * than {@code maxMethodBytes} with 501 (RFC 9112 section 3) as soon as its bytes arrive, where Netty would wait for
 * the line and answer a long one 414; and it refuses chunk extensions that break RFC 9112 section 7.1.1
 * ({@link ChunkLines}), which Netty lets through.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    /** Told when the bytes of a new request start to arrive. */
    interface RequestStartListener {
        void requestStarted();
    }

    private static final DecoderRejection OBS_FOLD = new DecoderRejection(400,
            "obs-fold (a header line continued with leading whitespace) is not allowed (RFC 9112 section 5.2)");
    private static final DecoderRejection PROTOCOL_NAME = new DecoderRejection(400,
            "the protocol name is case-sensitive \"HTTP\" (RFC 9112 section 2.3)");
    private static final DecoderRejection REQUEST_LINE = new DecoderRejection(400,
            "the request line must be method, request-target and HTTP version, one space apart (RFC 9112 section 3)");
    private static final DecoderRejection BARE_CR = new DecoderRejection(400,
            "a bare CR in the request line; lines end with CRLF (RFC 9112 section 2.2)");
    private static final DecoderRejection BEFORE_REQUEST_LINE = new DecoderRejection(400,
            "only empty lines (CRLF) may come before the request line (RFC 9112 section 2.2)");

    private final RequestStartListener listener;
    private final int maxMethodBytes;
    private final DecoderRejection methodTooLong;
    private final FoldDetector foldDetector = new FoldDetector();
    private final ChunkLines chunkLines = new ChunkLines();
    private boolean inHead = true; // between requests, or inside a request line and header section
    private boolean headStarted;
    private boolean methodChecked; // the current request's method is known to be within the limit
    private boolean rejected; // this decoder refused a request: every byte after it is discarded
    private boolean paused; // owned by the connection's loop, like the rest of the decoder

    StrictRequestDecoder(HttpDecoderConfig config, int maxMethodBytes, RequestStartListener listener) {
        super(config);
        this.listener = listener;
        this.maxMethodBytes = maxMethodBytes;
        this.methodTooLong = new DecoderRejection(501, "the method is longer than " + maxMethodBytes
                + " bytes, so this server does not implement it (RFC 9112 section 3)");
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        String version = initialLine[2];
        if (version.indexOf('\r') >= 0) {
            throw BARE_CR;
        }
        if (!version.startsWith("HTTP/")) {
            throw version.regionMatches(true, 0, "HTTP/", 0, 5) ? PROTOCOL_NAME : REQUEST_LINE;
        }
        return super.createMessage(initialLine);
    }

    /**
     * Stops decoding: bytes already read stay in the decoder's buffer, undecoded, so that a connection holds no
     * more requests than its limit however many it pipelined into one read.
     */
    void pause() {
        paused = true;
    }

    boolean isPaused() {
        return paused;
    }

    /** Decodes again; returns whether it had been paused (then the caller re-feeds the buffered bytes). */
    boolean resume() {
        boolean wasPaused = paused;
        paused = false;
        return wasPaused;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (rejected) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (paused) {
            return; // consumes nothing, so the decoder stops until resume() and the next read
        }
        int start = buffer.readerIndex();
        int produced = out.size();
        if (inHead && !headStarted && buffer.isReadable()) {
            headStarted = true;
            listener.requestStarted();
        }
        if (inHead && !methodChecked) {
            DecoderRejection badStart = checkMethod(buffer);
            if (badStart != null) {
                reject(badStart, buffer, out);
                return;
            }
        }
        boolean inChunkedBody = chunkLines.isActive();
        super.decode(ctx, buffer, out);
        if (inHead && buffer.readerIndex() > start) {
            buffer.forEachByte(start, buffer.readerIndex() - start, foldDetector);
        }
        if (inChunkedBody && buffer.readerIndex() > start) {
            buffer.forEachByte(start, buffer.readerIndex() - start, chunkLines);
            if (chunkLines.fault() != null) {
                refuseBody(new DecoderRejection(400, chunkLines.fault()), buffer, out, produced);
                return;
            }
        }
        for (int i = produced; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpMessage) {
                if (foldDetector.folded && ((HttpMessage) message).decoderResult().isSuccess()) {
                    ((HttpMessage) message).setDecoderResult(DecoderResult.failure(OBS_FOLD));
                }
                HttpMessage head = (HttpMessage) message;
                if (head.decoderResult().isSuccess() && head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                        && HttpUtil.isTransferEncodingChunked(head)) {
                    chunkLines.start(); // the chunk lines are in the bytes the next calls consume
                }
                inHead = false;
                foldDetector.reset();
            }
            if (message instanceof LastHttpContent) {
                inHead = true;
                headStarted = false;
                methodChecked = false;
                chunkLines.stop();
            }
        }
    }

    /**
     * Looks at the start of the request line arriving in {@code buffer}: only empty lines may come before it (Netty
     * would skip any control or whitespace), and its method may not pass {@code maxMethodBytes} token bytes. The
     * rejection once either rule is broken; null while all is well so far. Marks the method checked once it ended
     * in time (or with a byte that is no token: Netty refuses the line then).
     */
    private DecoderRejection checkMethod(ByteBuf buffer) {
        int end = buffer.writerIndex();
        int i = buffer.readerIndex();
        for (byte b; i < end && (b = buffer.getByte(i)) != 0 && !FieldRules.isTokenByte(b); i++) {
            if (b != '\r' && b != '\n') {
                return BEFORE_REQUEST_LINE;
            }
        }
        if (i < end && buffer.getByte(i) == 0) {
            return BEFORE_REQUEST_LINE;
        }
        int length = 0;
        for (; i < end; i++) {
            if (!FieldRules.isTokenByte(buffer.getByte(i))) {
                methodChecked = true;
                return null;
            }
            if (++length > maxMethodBytes) {
                return methodTooLong;
            }
        }
        return null; // not all of it has arrived yet
    }

    /**
     * Refuses the body arriving now with {@code why}: what this call decoded of it is dropped, a failed last part
     * ends it, and everything after it is discarded. (All of it belongs to the one request whose body this is.)
     */
    private void refuseBody(DecoderRejection why, ByteBuf buffer, List<Object> out, int produced) {
        while (out.size() > produced) {
            ReferenceCountUtil.release(out.remove(out.size() - 1));
        }
        rejected = true;
        chunkLines.stop();
        buffer.skipBytes(buffer.readableBytes());
        LastHttpContent refused = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        refused.setDecoderResult(DecoderResult.failure(why));
        out.add(refused);
    }

    /** Refuses the request arriving now with {@code why}; everything after it is discarded. */
    private void reject(DecoderRejection why, ByteBuf buffer, List<Object> out) {
        rejected = true;
        buffer.skipBytes(buffer.readableBytes());
        HttpMessage refused = createInvalidMessage();
        refused.setDecoderResult(DecoderResult.failure(why));
        out.add(refused);
    }

    /** Finds a line feed followed by a space or tab: the start of a continuation line. */
    private static final class FoldDetector implements ByteProcessor {
        private boolean afterLineFeed;
        private boolean folded;

        @Override
        public boolean process(byte value) {
            if (afterLineFeed && (value == ' ' || value == '\t')) {
                folded = true;
            }
            afterLineFeed = value == '\n';
            return true;
        }

        void reset() {
            afterLineFeed = false;
            folded = false;
        }
    }
}
