package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The fragments of one message being joined (RFC 6455 section 5.4), without a copy, up to the message limit. Loop
 * thread only.
 */
final class WebSocketFragments {

    private final int maxBytes;
    private CompositeByteBuf joined; // null: no fragmented message open
    private boolean text;

    WebSocketFragments(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean isOpen() {
        return joined != null;
    }

    boolean isText() {
        return text;
    }

    /** A first fragment; false (nothing kept) when it is over the limit already. */
    boolean start(WebSocketFrame first, boolean isText) {
        joined = Unpooled.compositeBuffer(64);
        text = isText;
        return append(first);
    }

    /** One more fragment; false (and everything released) when the message would pass the limit. */
    boolean append(WebSocketFrame fragment) {
        if (joined.readableBytes() + fragment.content().readableBytes() > maxBytes) {
            release();
            return false;
        }
        joined.addComponent(true, fragment.content().retain());
        return true;
    }

    /** The whole message, the caller's to release. */
    ByteBuf finish() {
        ByteBuf whole = joined;
        joined = null;
        return whole;
    }

    /** Drops a message being joined (the session ends). */
    void release() {
        if (joined != null) {
            joined.release();
            joined = null;
        }
    }
}
