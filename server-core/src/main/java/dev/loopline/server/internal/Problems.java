package dev.loopline.server.internal;

import dev.loopline.server.Response;

/** RFC 9457 problem details: the body of every error the server or a handler produces. */
public final class Problems {

    private Problems() {
    }

    /** {@code {"type":"about:blank","title":...,"status":...,"detail":...}} */
    public static String json(int status, String detail) {
        StringBuilder json = new StringBuilder(96 + (detail == null ? 0 : detail.length()));
        json.append("{\"type\":\"about:blank\",\"title\":");
        appendString(json, StatusText.reason(status));
        json.append(",\"status\":").append(status);
        if (detail != null && !detail.isEmpty()) {
            json.append(",\"detail\":");
            appendString(json, detail);
        }
        return json.append('}').toString();
    }

    /** 503 with {@code Retry-After}, for load the server sheds. */
    public static Response overloaded(String detail, int retryAfterSeconds) {
        return Response.problem(503, detail).withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** Appends {@code text} as a JSON string literal (RFC 8259 section 7). */
    public static void appendString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff && !isPairedSurrogate(text, i))) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        json.append('"');
    }

    private static boolean isPairedSurrogate(String text, int index) {
        char c = text.charAt(index);
        if (Character.isHighSurrogate(c)) {
            return index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1));
        }
        return index > 0 && Character.isHighSurrogate(text.charAt(index - 1));
    }
}
