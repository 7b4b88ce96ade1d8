package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Netty's request decoder plus three things it does not do: it tells the connection when the first byte of a new
 * request arrives (the header timeout starts there), it rejects obs-fold, a header line continued on the
 * next line by leading whitespace (RFC 9112 section 5.2), which Netty would silently join, and it rejects a
 * protocol name other than "HTTP" in capitals (RFC 9112 section 2.3), which Netty would upper-case.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    /** Told when the bytes of a new request start to arrive. */
    interface RequestStartListener {
        void requestStarted();
    }

    private static final IllegalArgumentException OBS_FOLD = new IllegalArgumentException(
            "obs-fold (a header line continued with leading whitespace) is not allowed (RFC 9112 section 5.2)");

    private final RequestStartListener listener;
    private final FoldDetector foldDetector = new FoldDetector();
    private boolean inHead = true; // between requests, or inside a request line and header section
    private boolean headStarted;
    private boolean paused; // owned by the connection's loop, like the rest of the decoder

    StrictRequestDecoder(HttpDecoderConfig config, RequestStartListener listener) {
        super(config);
        this.listener = listener;
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        if (!initialLine[2].startsWith("HTTP/")) {
            throw new IllegalArgumentException("the protocol name is case-sensitive \"HTTP\" (RFC 9112 section 2.3)");
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

    /** Decodes again; returns whether it had been paused (then the caller re-feeds the buffered bytes). */
    boolean resume() {
        boolean wasPaused = paused;
        paused = false;
        return wasPaused;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (paused) {
            return; // consumes nothing, so the decoder stops until resume() and the next read
        }
        int start = buffer.readerIndex();
        int produced = out.size();
        if (inHead && !headStarted && buffer.isReadable()) {
            headStarted = true;
            listener.requestStarted();
        }
        super.decode(ctx, buffer, out);
        if (inHead && buffer.readerIndex() > start) {
            buffer.forEachByte(start, buffer.readerIndex() - start, foldDetector);
        }
        for (int i = produced; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpMessage) {
                if (foldDetector.folded && ((HttpMessage) message).decoderResult().isSuccess()) {
                    ((HttpMessage) message).setDecoderResult(DecoderResult.failure(OBS_FOLD));
                }
                inHead = false;
                foldDetector.reset();
            }
            if (message instanceof LastHttpContent) {
                inHead = true;
                headStarted = false;
            }
        }
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
