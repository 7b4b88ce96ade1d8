package dev.loopline.server.internal;

import dev.loopline.server.Body;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bodies that send a region of an open file: with {@code sendfile} (a Netty {@code FileRegion}, no copy through user
 * space) on a cleartext HTTP/1.1 connection, else read in chunks on the blocking executor. The body owns the file:
 * it is closed once sent, and also when the response is dropped (a client that left, a handler that timed out).
 */
public final class FileBodies {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    private FileBodies() {
    }

    /** A body of {@code length} bytes of {@code file} from {@code start}; the body now owns the file. */
    public static Body of(FileChannel file, long start, long length) {
        return BodyParts.streamed(BodySource.ofFile(file, start, length));
    }

    /** Closes what the body holds, when it will never be sent. */
    static void discard(Body body) {
        BodySource source = BodyParts.source(body);
        if (source != null) {
            source.discard();
        }
    }

    static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("Closing a file failed: {}", e.toString());
        }
    }
}
