package dev.loopline.loadtest.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class H2LoadTest {

    private static final String TLS_RUN = "starting benchmark...\n"
            + "TLS Protocol: TLSv1.3\nCipher: TLS_AES_128_GCM_SHA256\nServer Temp Key: X25519 253 bits\n"
            + "Application protocol: h2\n\n"
            + "finished in 2.00s, 41472.00 req/s, 1.42MB/s\n"
            + "requests: 82944 total, 82944 started, 82944 done, 82940 succeeded, 4 failed, 0 errored, 1 timeout\n"
            + "status codes: 82940 2xx, 0 3xx, 2 4xx, 0 5xx\n";

    @Test
    void parsesTheCountsAndWhatTheHandshakeAgreedOn() throws IOException {
        H2Load.Result result = H2Load.parse(TLS_RUN, 2.0, LatencySummary.NONE);

        assertEquals(82_940, result.sample().okResponses());
        assertEquals(2, result.sample().non200());
        assertEquals(5, result.sample().errors());
        assertEquals(41_470.0, result.sample().requestsPerSecond(), 0.001);
        assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256 X25519 253 bits ALPN h2", result.negotiated().describe());
    }

    @Test
    void aServerThatDidNotPickH2IsAFailureNotAnHttp11Row() {
        String fallback = TLS_RUN.replace("Application protocol: h2\n",
                "No protocol negotiated. Fallback behaviour may be activated\n");

        IOException failure = assertThrows(IOException.class, () -> H2Load.parse(fallback, 2.0, LatencySummary.NONE));
        assertTrue(failure.getMessage().contains("did not speak HTTP/2"), failure.getMessage());
    }

    @Test
    void noAnsweredStreamIsAFailure() {
        String refused = "Application protocol: h2c\n"
                + "requests: 2000 total, 32 started, 0 done, 0 succeeded, 2000 failed, 2000 errored, 0 timeout\n"
                + "status codes: 0 2xx, 0 3xx, 0 4xx, 0 5xx\n";

        assertThrows(IOException.class, () -> H2Load.parse(refused, 1.0, LatencySummary.NONE));
    }
}
