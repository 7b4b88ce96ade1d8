package dev.loopline.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Blocking code that writes a response body, for {@link Body#writer}: it runs on the server's blocking executor, and
 * {@code out.write} blocks while the client is not reading, so the body flows at the client's pace and no buffer
 * grows. Returning ends the body; throwing after the status went out closes the connection (one ERROR line).
 */
@FunctionalInterface
public interface BodyWriter {

    /** Writes the body to {@code out}; need not close it. */
    void writeTo(OutputStream out) throws IOException;
}
