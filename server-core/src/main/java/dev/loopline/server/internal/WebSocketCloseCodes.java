package dev.loopline.server.internal;

import java.nio.charset.StandardCharsets;

/** The close codes an endpoint may send (RFC 6455 section 7.4) and the 123-byte bound on a close reason. */
final class WebSocketCloseCodes {

    private WebSocketCloseCodes() {
    }

    /** 1000, 1001, 1003, 1007 to 1011, or 3000 to 4999; never 1005, 1006 or 1015 (reserved for reporting). */
    static boolean mayBeSent(int code) {
        return code == 1000 || code == 1001 || code == 1003 || code >= 1007 && code <= 1011
                || code >= 3000 && code <= 4999;
    }

    /** {@code reason} cut to at most 123 UTF-8 bytes, never in the middle of a character. */
    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        String cut = new String(bytes, 0, 123, StandardCharsets.UTF_8);
        return cut.charAt(cut.length() - 1) == '\uFFFD' ? cut.substring(0, cut.length() - 1) : cut;
    }

}
