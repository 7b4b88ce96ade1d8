package dev.loopline.server.http2;

import static dev.loopline.server.http2.Frame.ACK;
import static dev.loopline.server.http2.Frame.CONTINUATION;
import static dev.loopline.server.http2.Frame.DATA;
import static dev.loopline.server.http2.Frame.END_HEADERS;
import static dev.loopline.server.http2.Frame.END_STREAM;
import static dev.loopline.server.http2.Frame.GOAWAY;
import static dev.loopline.server.http2.Frame.HEADERS;
import static dev.loopline.server.http2.Frame.PING;
import static dev.loopline.server.http2.Frame.RST_STREAM;
import static dev.loopline.server.http2.Frame.SETTINGS;
import static dev.loopline.server.http2.Frame.WINDOW_UPDATE;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds frames byte by byte (RFC 9113 section 4.1 and 6), valid or not, for {@link RawH2Client#send}. */
final class Frames {

    private Frames() {
    }

    /** A 9-byte frame header (length, type, flags, stream id) and {@code payload}. */
    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
        frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        frame.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        return frame.array();
    }

    /** SETTINGS with {@code idsAndValues} (id, value, id, value...). */
    static byte[] settings(int... idsAndValues) {
        ByteBuffer payload = ByteBuffer.allocate(idsAndValues.length * 3);
        for (int i = 0; i < idsAndValues.length; i += 2) {
            payload.putShort((short) idsAndValues[i]).putInt(idsAndValues[i + 1]);
        }
        return frame(SETTINGS, 0, 0, payload.array());
    }

    static byte[] settingsAck() {
        return frame(SETTINGS, ACK, 0, new byte[0]);
    }

    static byte[] headers(int streamId, byte[] block, boolean endStream, boolean endHeaders) {
        return frame(HEADERS, (endStream ? END_STREAM : 0) | (endHeaders ? END_HEADERS : 0), streamId, block);
    }

    static byte[] continuation(int streamId, byte[] block, boolean endHeaders) {
        return frame(CONTINUATION, endHeaders ? END_HEADERS : 0, streamId, block);
    }

    static byte[] data(int streamId, byte[] bytes, boolean endStream) {
        return frame(DATA, endStream ? END_STREAM : 0, streamId, bytes);
    }

    static byte[] rstStream(int streamId, long errorCode) {
        return frame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt((int) errorCode).array());
    }

    static byte[] ping(long opaque) {
        return frame(PING, 0, 0, ByteBuffer.allocate(8).putLong(opaque).array());
    }

    static byte[] windowUpdate(int streamId, int increment) {
        return frame(WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    static byte[] goAway(int lastStreamId, long errorCode) {
        return frame(GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(lastStreamId).putInt((int) errorCode).array());
    }

    /** {@code frame} written {@code count} times back to back: one write for a whole burst. */
    static byte[] repeat(byte[] frame, int count) {
        ByteArrayOutputStream burst = new ByteArrayOutputStream(frame.length * count);
        for (int i = 0; i < count; i++) {
            burst.writeBytes(frame);
        }
        return burst.toByteArray();
    }

    static byte[] concat(byte[]... frames) {
        return Hpack.concat(frames);
    }
}
