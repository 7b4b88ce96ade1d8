package dev.loopline.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;

/**
 * The head of a request that came as an HTTP/2 HEADERS frame, in the form the {@link RequestAssembler} takes from the
 * HTTP/1.1 decoder: the pseudo-header fields become the method and the target, {@code :authority} becomes
 * {@code Host}, and split {@code cookie} fields are joined again (RFC 9113 section 8.2.3). Netty's decoder has
 * already checked the field names (lowercase tokens, no connection-specific fields, pseudo-header fields first and
 * only the request ones); that {@code :method}, {@code :scheme} and {@code :path} are there is checked here.
 */
final class Http2Head extends DefaultHttpRequest {

    /** The version an HTTP/2 request carries; {@link dev.loopline.server.Request#protocol()} says "HTTP/2.0". */
    static final HttpVersion HTTP_2 = new HttpVersion("HTTP", 2, 0, true);

    // names were checked by the HTTP/2 decoder; values still are here (no CR, LF or NUL may reach a handler)
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

    private final boolean bodyFollows;

    private Http2Head(HttpMethod method, String target, HttpHeaders headers, boolean bodyFollows) {
        super(HTTP_2, method, target, headers);
        this.bodyFollows = bodyFollows;
    }

    /** True when DATA frames follow the HEADERS frame (it did not end the stream). */
    boolean bodyFollows() {
        return bodyFollows;
    }

    /**
     * The head of an HTTP/1.1 request that asked to upgrade to h2c and has no body (RFC 7540 section 3.2): it is stream
     * 1's request; the fields that were about the HTTP/1.1 connection and the upgrade are left out.
     */
    static Http2Head ofUpgrade(io.netty.handler.codec.http.HttpRequest request) {
        HttpHeaders headers = HEADERS.newHeaders();
        for (Map.Entry<String, String> field : request.headers()) {
            switch (field.getKey().toLowerCase(java.util.Locale.ROOT)) {
                case "connection", "upgrade", "http2-settings", "keep-alive", "proxy-connection", "te",
                        "transfer-encoding" -> { }
                default -> headers.add(field.getKey(), field.getValue());
            }
        }
        return new Http2Head(request.method(), request.uri(), headers, false);
    }

    /**
     * The head of {@code fields}.
     *
     * @throws IllegalArgumentException naming what is wrong, for a request RFC 9113 section 8.1.1 calls malformed
     */
    static Http2Head of(Http2Headers fields, boolean endStream) {
        CharSequence method = fields.method();
        CharSequence path = fields.path();
        if (method != null && HttpMethod.CONNECT.asciiName().contentEquals(method) && path == null) {
            path = "*"; // CONNECT names no path (RFC 9113 section 8.5): the validator answers it 501, as on HTTP/1.1
        } else if (method == null || fields.scheme() == null || path == null || path.length() == 0) {
            throw new IllegalArgumentException("an HTTP/2 request needs :method, :scheme and a non-empty :path"
                    + " (RFC 9113 section 8.3.1)");
        }
        HttpHeaders headers = HEADERS.newHeaders();
        StringBuilder cookies = null;
        for (Map.Entry<CharSequence, CharSequence> field : fields) {
            CharSequence name = field.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                continue; // pseudo-header fields: read above
            }
            if (HttpHeaderNames.COOKIE.contentEquals(name)) {
                cookies = cookies == null ? new StringBuilder(field.getValue())
                        : cookies.append("; ").append(field.getValue());
                continue;
            }
            headers.add(name, field.getValue());
        }
        if (cookies != null) {
            headers.set(HttpHeaderNames.COOKIE, cookies.toString());
        }
        CharSequence authority = fields.authority();
        if (authority != null) {
            String host = headers.get(HttpHeaderNames.HOST);
            if (host != null && !host.equalsIgnoreCase(authority.toString())) {
                throw new IllegalArgumentException("the Host field differs from :authority (RFC 9113 section 8.3.1)");
            }
            headers.set(HttpHeaderNames.HOST, authority); // RFC 9113 section 8.3.1: it takes the place of Host
        }
        return new Http2Head(HttpMethod.valueOf(method.toString()), path.toString(), headers, !endStream);
    }

    /**
     * The trailer section as the HTTP/1.1 decoder gives it: the fields it leaves out there ({@code content-length},
     * {@code transfer-encoding}, {@code trailer}) are left out here too.
     *
     * @throws IllegalArgumentException for a field the trailer rules of Netty's headers still refuse
     */
    static LastHttpContent trailers(Http2Headers headers) {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence name = field.getKey();
            if (name.length() > 0 && name.charAt(0) != ':' && !HttpHeaderNames.CONTENT_LENGTH.contentEquals(name)
                    && !HttpHeaderNames.TRANSFER_ENCODING.contentEquals(name)
                    && !HttpHeaderNames.TRAILER.contentEquals(name)) {
                last.trailingHeaders().add(name, field.getValue());
            }
        }
        return last;
    }
}
