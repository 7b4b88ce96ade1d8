package dev.loopline.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the pipeline benchmark sends and what both pipelines answer: the request bytes of each case and the
 * payloads, so that Loopline and raw Netty get exactly the same job.
 */
final class BenchExchanges {

    static final String PLAINTEXT_PATH = "/plaintext";
    static final String JSON_PATH = "/json";
    static final String UPLOAD_PATH = "/upload";
    static final String TEXT_PLAIN = "text/plain";
    static final String APPLICATION_JSON = "application/json";
    static final byte[] HELLO = ascii("Hello, World!");
    static final int PIPELINED_REQUESTS = 10;
    static final int UPLOAD_BYTES = 4096;

    /** What wrk and the loadtest's clients send: a request line and a Host field. */
    static final byte[] PLAINTEXT_REQUEST = get(PLAINTEXT_PATH);
    static final byte[] JSON_REQUEST = get(JSON_PATH);
    static final byte[] PIPELINED_BATCH = ascii(new String(PLAINTEXT_REQUEST, StandardCharsets.US_ASCII)
            .repeat(PIPELINED_REQUESTS));
    static final byte[] UPLOAD_REQUEST = upload();

    private static final byte[] HELLO_JSON = ascii("{\"message\":\"Hello, World!\"}");

    private BenchExchanges() {
    }

    /**
     * A new JSON document per request, as a serializer would produce it. Both pipelines call this, so its cost is
     * the same on both sides; the loadtest measures Jackson itself.
     */
    static byte[] helloJson() {
        return HELLO_JSON.clone();
    }

    /** The upload's answer: how many body bytes the handler received, in decimal. */
    static byte[] uploadAnswer(int bodyBytes) {
        return ascii(Integer.toString(bodyBytes));
    }

    private static byte[] get(String path) {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
    }

    private static byte[] upload() {
        byte[] head = ascii("POST " + UPLOAD_PATH + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: "
                + "application/octet-stream\r\nContent-Length: " + UPLOAD_BYTES + "\r\n\r\n");
        byte[] request = Arrays.copyOf(head, head.length + UPLOAD_BYTES);
        for (int i = 0; i < UPLOAD_BYTES; i++) {
            request[head.length + i] = (byte) ('a' + i % 26);
        }
        return request;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
