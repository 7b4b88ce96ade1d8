package dev.loopline.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.ServerStats;
import dev.loopline.testsupport.ErrorDetails;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the server with request streams made by {@link RequestMutator} from the hostile-input tables, each sent
 * in one or two writes. For every input: the server answers only with whole HTTP/1.1 responses, never with a 5xx
 * of its own making, no error body in the codec's words ({@link ErrorDetails}), and closes the connection once the
 * client has half-closed (no hang). Every few hundred inputs, and at the end, a plain request must still be
 * served; at the end nothing is left in flight or open, and the leak detector (paranoid) has nothing to report.
 *
 * <p>The handler is trivial and the server generous, so that no 5xx can be an honest overload answer. Two 5xx are
 * protocol answers to what the client asked, not faults, and count as honest: 501 (CONNECT, a transfer coding
 * other than chunked) and 505 (a major version other than 1).
 *
 * <p>A seeded random drives the mutator: the build runs {@value #DEFAULT_INPUTS} inputs with seed
 * {@value #DEFAULT_SEED}; {@code -Dloopline.fuzz.inputs} and {@code -Dloopline.fuzz.seed} make a longer run
 * (docs/RELIABILITY.md). A failure names the seed and the input number, and prints the input as a Java literal.
 */
class RequestFuzzTest {

    static final int DEFAULT_INPUTS = 4_000;
    static final long DEFAULT_SEED = 20_261_124L;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int ALIVE_CHECK_EVERY = 250;
    private static final AtomicInteger inputs = new AtomicInteger();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(ServerConfig.builder()
                .maxInitialLineBytes(HeaderCases.MAX_LINE_BYTES)
                .maxHeaderBytes(HeaderCases.MAX_HEADER_BYTES)
                .maxBodyBytes(FramingCases.MAX_BODY_BYTES), request -> Response.text("ok").completed());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            waitFor(stats -> stats.requestsInFlight() == 0 && stats.openConnections() == 0);
            assertServesPlainRequests();
        } finally {
            server.close();
        }
    }

    @Test
    void everyInputGetsWholeHonestAnswersAndAClose() throws Exception {
        int count = Integer.getInteger("loopline.fuzz.inputs", DEFAULT_INPUTS);
        long seed = Long.getLong("loopline.fuzz.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            byte[] input = RequestMutator.next(random::nextInt);
            int split = random.nextInt(input.length + 1);
            String where = "seed " + seed + ", input " + i + ": " + printable(input);
            for (int status : statusesOf(exchange(input, split, where), where)) {
                assertTrue(status < 500 || status == 501 || status == 505, "a " + status + " for " + where);
            }
            if (inputs.incrementAndGet() % ALIVE_CHECK_EVERY == 0) {
                assertServesPlainRequests();
            }
        }
        assertEquals(count, inputs.get());
    }

    /**
     * Sends the input in two writes split at {@code split}, half-closes, and reads everything until the server
     * closes; a read timeout is a hang.
     */
    private static byte[] exchange(byte[] input, int split, String where) throws IOException {
        try (RawClient client = new RawClient(server.port(), READ_TIMEOUT_MILLIS)) {
            try {
                client.send(java.util.Arrays.copyOfRange(input, 0, split));
                client.send(java.util.Arrays.copyOfRange(input, split, input.length));
                client.socket().shutdownOutput();
            } catch (SocketException closedEarly) {
                // the server refused the start of the input and closed: what it answered is still to be read
            }
            InputStream in = client.socket().getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n; (n = in.read(chunk)) != -1; ) {
                    all.write(chunk, 0, n);
                }
            } catch (SocketTimeoutException hang) {
                fail("no close within " + READ_TIMEOUT_MILLIS + " ms after the client half-closed, " + where);
            } catch (SocketException reset) {
                // a reset after the server closed with input unread: the bytes before it have been read
            }
            return all.toByteArray();
        }
    }

    /**
     * The statuses of the responses in {@code bytes}, which must be nothing but whole responses. The echo-free
     * handler's bodies never start with "HTTP/1.1 ", so a head followed by another head (or the end) is a response
     * to HEAD, whose Content-Length describes a body that is not sent.
     */
    private static List<Integer> statusesOf(byte[] bytes, String where) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<Integer> statuses = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (!text.startsWith("HTTP/1.1 ", at) || headEnd < 0) {
                fail("not a whole response at byte " + at + ": " + printable(text.substring(at).getBytes(
                        StandardCharsets.ISO_8859_1)) + " for " + where);
            }
            int status = Integer.parseInt(text.substring(at + 9, at + 12));
            statuses.add(status);
            int length = contentLength(text.substring(at, headEnd));
            at = headEnd + 4;
            boolean bodyLess = status < 200 || at == text.length() || text.startsWith("HTTP/1.1 ", at);
            if (!bodyLess) {
                assertTrue(at + length <= text.length(), "a response cut short for " + where);
                if (status >= 400) { // the codec's own text never reaches a client
                    ErrorDetails.assertOwnWords(new String(text.substring(at, at + length).getBytes(
                            StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), where);
                }
                at += length;
            }
        }
        return statuses;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static void assertServesPlainRequests() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertEquals(200, client.exchange("GET /alive HTTP/1.1\r\nHost: a\r\n\r\n").status(),
                    "the server must keep serving after " + inputs.get() + " fuzz inputs");
        }
    }

    private static void waitFor(Predicate<ServerStats> condition) throws InterruptedException {
        for (int i = 0; i < 1_000 && !condition.test(server.stats()); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.test(server.stats()), "counters did not return to zero: " + server.stats());
    }

    /** The input as a Java string literal, for a failure message that can be pasted into a test. */
    static String printable(byte[] input) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : input) {
            int c = b & 0xff;
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\%03o", c)); // an octal escape, valid in a Java literal
            } else {
                out.append((char) c);
            }
        }
        return out.append('"').toString();
    }
}
