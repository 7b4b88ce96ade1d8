package dev.loopline.testsupport.protocols;

import java.io.IOException;

/** The server reset an HTTP/2 stream (RST_STREAM); the error code says why (RFC 9113 section 7). */
public final class StreamResetException extends IOException {

    private final long errorCode;

    StreamResetException(long errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public long errorCode() {
        return errorCode;
    }
}
