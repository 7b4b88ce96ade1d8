package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.Map;

/**
 * Response heads as HTTP/2 header lists (RFC 9113 section 8.3.2): {@code :status}, the handler's fields with their
 * names in lowercase, and {@code server}, {@code date} and {@code content-length} as an HTTP/1.1 response has them.
 * Connection-specific fields ({@code Connection}, {@code Keep-Alive}, {@code Transfer-Encoding}, ...) have no
 * meaning in HTTP/2 and are left out (RFC 9113 section 8.2.2). Shared by every loop; stateless.
 */
final class Http2Responses {

    private static final AsciiString[] STATUS = new AsciiString[600];
    private static final AsciiString CONTENT_TYPE_TEXT = AsciiString.cached(Response.TEXT_PLAIN);
    private static final AsciiString CONTENT_TYPE_JSON = AsciiString.cached(Response.APPLICATION_JSON);
    private static final AsciiString CONTENT_TYPE_NAME = HttpHeaderNames.CONTENT_TYPE;

    static {
        for (int status = 100; status < STATUS.length; status++) {
            STATUS[status] = AsciiString.cached(Integer.toString(status));
        }
    }

    private final DateHeader date;
    private final AsciiString server;

    Http2Responses(DateHeader date, String serverName) {
        this.date = date;
        this.server = AsciiString.cached(serverName);
    }

    /** The head of {@code response}; {@code contentLength} below zero: none is sent (unknown, or no body at all). */
    Http2Headers head(Response response, long contentLength) {
        FieldList fields = (FieldList) response.headers();
        int status = response.status();
        DefaultHttp2Headers out = new DefaultHttp2Headers(false, fields.count() + 4);
        out.status(STATUS[status]);
        boolean hasServer = false;
        boolean hasDate = false;
        for (int i = 0; i < fields.count(); i++) {
            String name = fields.name(i);
            String value = fields.value(i);
            if ("Content-Type".equals(name)) { // the spelling Response's factories use: no lowercasing
                if (status != 205) {
                    out.add(CONTENT_TYPE_NAME, contentType(value));
                }
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT); // the same instance when it already is
            if (isConnectionSpecific(lower) || lower.equals("content-length")) {
                continue; // content-length: the server writes the one that matches the body, below
            }
            hasServer |= lower.equals("server");
            hasDate |= lower.equals("date");
            if (status == 205 && lower.equals("content-type")) {
                continue;
            }
            out.add(new AsciiString(lower), value);
        }
        if (!hasServer) {
            out.add(HttpHeaderNames.SERVER, server);
        }
        if (!hasDate) {
            out.add(HttpHeaderNames.DATE, date.value());
        }
        if (contentLength >= 0 && status != 204 && status != 304) {
            out.addLong(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        }
        return out;
    }

    /** Trailers as an HTTP/2 header list; fields that are not valid are left out with an ERROR by the caller. */
    static Http2Headers trailers(Map<String, String> trailers) {
        DefaultHttp2Headers out = new DefaultHttp2Headers(false, trailers.size());
        for (Map.Entry<String, String> field : trailers.entrySet()) {
            String lower = field.getKey().toLowerCase(Locale.ROOT);
            if (!isConnectionSpecific(lower)) {
                out.add(new AsciiString(lower), field.getValue());
            }
        }
        return out;
    }

    /** The head of an interim {@code 100 Continue}. */
    static Http2Headers continueHead() {
        return new DefaultHttp2Headers(false, 1).status(STATUS[100]);
    }

    @SuppressWarnings("StringEquality")
    private static CharSequence contentType(String value) {
        if (value == Response.TEXT_PLAIN) {
            return CONTENT_TYPE_TEXT;
        }
        return value == Response.APPLICATION_JSON ? CONTENT_TYPE_JSON : value;
    }

    private static boolean isConnectionSpecific(String lowerName) {
        switch (lowerName) {
            case "connection":
            case "keep-alive":
            case "proxy-connection":
            case "transfer-encoding":
            case "upgrade":
                return true;
            default:
                return false;
        }
    }
}
