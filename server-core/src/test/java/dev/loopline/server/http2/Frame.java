package dev.loopline.server.http2;

import io.netty.handler.codec.http2.Http2Error;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/2 frame as read off the wire (RFC 9113 section 4.1); for HEADERS, the header block (joined with its
 * CONTINUATION frames) already decoded into {@code headers}. Immutable.
 */
record Frame(int type, int flags, int streamId, byte[] payload, Map<String, String> headers) {

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PUSH_PROMISE = 0x5;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY_FLAG = 0x20;

    static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    static final int SETTINGS_ENABLE_PUSH = 0x2;
    static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    private static final String[] TYPE_NAMES = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS",
        "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};

    boolean is(int frameType) {
        return type == frameType;
    }

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    boolean endsStream() {
        return (type == DATA || type == HEADERS) && hasFlag(END_STREAM);
    }

    /** RST_STREAM's or GOAWAY's error code. */
    long errorCode() {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        return Integer.toUnsignedLong(buffer.getInt(type == GOAWAY ? 4 : 0));
    }

    /** GOAWAY's last stream id. */
    int lastStreamId() {
        return ByteBuffer.wrap(payload).getInt(0) & 0x7fff_ffff;
    }

    /** WINDOW_UPDATE's increment. */
    int windowIncrement() {
        return ByteBuffer.wrap(payload).getInt(0) & 0x7fff_ffff;
    }

    /** A SETTINGS frame's value for {@code id}, or -1 when it does not carry that setting. */
    long setting(int id) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        while (buffer.remaining() >= 6) {
            int settingId = buffer.getShort() & 0xffff;
            long value = Integer.toUnsignedLong(buffer.getInt());
            if (settingId == id) {
                return value;
            }
        }
        return -1;
    }

    static String errorName(long code) {
        Http2Error error = Http2Error.valueOf(code);
        return error == null ? "0x" + Long.toHexString(code) : error.name();
    }

    static String typeName(int type) {
        return type < TYPE_NAMES.length ? TYPE_NAMES[type] : "UNKNOWN(0x" + Integer.toHexString(type) + ")";
    }

    /** The frame as a test failure message shows it: type, stream, flags and what matters of the payload. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(typeName(type)).append(" s=").append(streamId);
        if (type == DATA || type == HEADERS) {
            text.append(hasFlag(END_STREAM) ? " END_STREAM" : "");
        }
        if ((type == SETTINGS || type == PING) && hasFlag(ACK)) {
            text.append(" ACK");
        }
        switch (type) {
            case DATA -> text.append(" len=").append(payload.length);
            case HEADERS -> text.append(' ').append(headers);
            case RST_STREAM -> text.append(' ').append(errorName(errorCode()));
            case GOAWAY -> text.append(" last=").append(lastStreamId()).append(' ').append(errorName(errorCode()))
                    .append(" '").append(new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8))
                    .append('\'');
            case WINDOW_UPDATE -> text.append(" +").append(windowIncrement());
            case SETTINGS -> {
                ByteBuffer buffer = ByteBuffer.wrap(payload);
                while (buffer.remaining() >= 6) {
                    text.append(" 0x").append(Integer.toHexString(buffer.getShort() & 0xffff)).append('=')
                            .append(Integer.toUnsignedLong(buffer.getInt()));
                }
            }
            default -> text.append(" len=").append(payload.length);
        }
        return text.toString();
    }
}
