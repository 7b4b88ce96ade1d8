package dev.loopline.server.http2;

import static dev.loopline.server.http2.Frame.CONTINUATION;
import static dev.loopline.server.http2.Frame.END_HEADERS;
import static dev.loopline.server.http2.Frame.HEADERS;
import static dev.loopline.server.http2.Frame.PADDED;
import static dev.loopline.server.http2.Frame.PRIORITY_FLAG;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads frames off a connection's input, joining a header block's CONTINUATION frames to its HEADERS and decoding
 * it with Netty's HPACK decoder (one per connection: the server's dynamic table lives in it). Not thread-safe.
 */
final class FrameReader {

    static final int MAX_FRAME_BYTES = 16_384; // what the client accepts (the protocol's default)

    private final DataInputStream in;
    private final List<String> seen;
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);

    /** {@code seen}: the frames read so far, named in failures. */
    FrameReader(DataInputStream in, List<String> seen) {
        this.in = in;
        this.seen = seen;
    }

    Frame read() throws IOException {
        Frame frame = readOneFrame();
        if (frame.is(HEADERS) && !frame.hasFlag(END_HEADERS)) {
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.writeBytes(frame.payload());
            Frame next;
            do {
                next = readOneFrame();
                if (!next.is(CONTINUATION) || next.streamId() != frame.streamId()) {
                    throw new AssertionError("the server interleaved " + next + " in a header block; seen: " + seen);
                }
                block.writeBytes(next.payload());
            } while (!next.hasFlag(END_HEADERS));
            frame = new Frame(HEADERS, frame.flags() | END_HEADERS, frame.streamId(), block.toByteArray(), null);
        }
        if (frame.is(HEADERS)) {
            frame = new Frame(HEADERS, frame.flags(), frame.streamId(), frame.payload(),
                    decode(frame.streamId(), frame.payload()));
        }
        return frame;
    }

    /** One frame off the wire; a HEADERS frame's payload is returned without its padding and priority. */
    private Frame readOneFrame() throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int streamId = in.readInt() & 0x7fff_ffff;
        if (length > MAX_FRAME_BYTES) {
            throw new AssertionError("a frame of " + length + " bytes (type " + type + "), over this client's "
                    + "SETTINGS_MAX_FRAME_SIZE: is the server speaking HTTP/2 at all? seen: " + seen);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (type == HEADERS) {
            int from = (flags & PRIORITY_FLAG) != 0 ? 5 : 0;
            int to = length;
            if ((flags & PADDED) != 0) {
                from++;
                to -= payload[0] & 0xff;
            }
            payload = Arrays.copyOfRange(payload, from, to);
        }
        return new Frame(type, flags, streamId, payload, null);
    }

    private Map<String, String> decode(int streamId, byte[] block) {
        ByteBuf buffer = Unpooled.wrappedBuffer(block);
        try {
            Http2Headers headers = decoder.decodeHeaders(streamId, buffer);
            Map<String, String> fields = new LinkedHashMap<>();
            headers.forEach(field -> fields.merge(field.getKey().toString(), field.getValue().toString(),
                    (first, second) -> first + ", " + second));
            return fields;
        } catch (Http2Exception undecodable) {
            throw new AssertionError("the server sent a header block HPACK cannot decode; seen: " + seen, undecodable);
        } finally {
            buffer.release();
        }
    }
}
