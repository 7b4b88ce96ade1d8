package dev.loopline.server.http2;

import static dev.loopline.server.http2.Frame.SETTINGS_INITIAL_WINDOW_SIZE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Body;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.TestServers;
import org.junit.jupiter.api.Test;

/**
 * A client may grant an HTTP/2 window of 2^31 - 1 bytes and then read nothing. The response body's DATA waits in
 * Netty's flow controller until a flush, and the stream looks writable as long as the window has room, so without a
 * bound a synchronous producer would fill the server's heap with the whole window while the handler runs inside a read
 * burst. The channel's write-buffer water marks are that bound: the producer stops after a few MiB (what the kernel's
 * socket buffers and the high-water mark take), not after the window.
 */
class H2BufferBoundTest {

    private static final int CHUNK = 16 * 1024;

    @Test
    void aHugeWindowAndAClientThatReadsNothingDoNotMakeTheServerHoldTheBody() throws Exception {
        ChunkPublisher publisher = new ChunkPublisher(4096, CHUNK); // 64 MiB
        Handler big = request -> Response.of(200, "application/octet-stream",
                Body.stream(publisher, publisher.totalBytes())).completed();
        try (HttpServer server = TestServers.start(big);
             RawH2Client client = new RawH2Client(server.port())) {
            client.handshake(SETTINGS_INITIAL_WINDOW_SIZE, Integer.MAX_VALUE);
            client.send(Frames.windowUpdate(0, Integer.MAX_VALUE - 65_535)); // the connection's window too
            client.get(1, "/big");
            // and from here on, nothing is read
            long producedBytes = Await.settled("the producer stops", () -> (int) publisher.produced.get())
                    * (long) CHUNK;
            assertTrue(producedBytes < 24L * 1024 * 1024, "made " + producedBytes + " bytes of a "
                    + publisher.totalBytes() + "-byte body for a client that reads nothing");
        }
    }
}
