package dev.loopline.server.http2;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** How a stream ended: the response head, body and trailers seen, and the RST_STREAM code (-1 when none). */
record StreamResult(Map<String, String> head, byte[] body, Map<String, String> trailers, long resetCode,
        List<String> seen) {

    boolean reset() {
        return resetCode >= 0;
    }

    int status() {
        return head == null ? -1 : Integer.parseInt(head.get(":status"));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (reset() ? "RST_STREAM " + Frame.errorName(resetCode) + " after " : "") + "head " + head
                + ", " + body.length + " body bytes, trailers " + trailers + "; frames seen: " + seen;
    }
}
