package dev.loopline.testsupport.protocols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request as every {@link ProtocolClient} sends it: method, origin-form target, header fields (names lower-cased,
 * as HTTP/2 wants them) and a body. A body of one part has a known length (Content-Length on HTTP/1.1, one or more
 * DATA frames and content-length on HTTP/2); a body of several parts is streamed (chunked on HTTP/1.1, a DATA frame
 * per part on HTTP/2, no length). Immutable.
 */
public final class WireRequest {

    private final String method;
    private final String target;
    private final List<String[]> headers;
    private final List<byte[]> bodyParts;

    private WireRequest(String method, String target, List<String[]> headers, List<byte[]> bodyParts) {
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("an origin-form target starts with /: " + target);
        }
        this.method = method;
        this.target = target;
        this.headers = List.copyOf(headers);
        this.bodyParts = List.copyOf(bodyParts);
    }

    public static WireRequest get(String target) {
        return of("GET", target);
    }

    public static WireRequest head(String target) {
        return of("HEAD", target);
    }

    public static WireRequest post(String target, byte[] body) {
        return of("POST", target).body(body);
    }

    public static WireRequest post(String target, String body) {
        return post(target, body.getBytes(StandardCharsets.UTF_8));
    }

    public static WireRequest of(String method, String target) {
        return new WireRequest(method, target, List.of(), List.of());
    }

    /** This request with one more header field; the name is lower-cased. */
    public WireRequest header(String name, String value) {
        List<String[]> more = new ArrayList<>(headers);
        more.add(new String[] {name.toLowerCase(Locale.ROOT), value});
        return new WireRequest(method, target, more, bodyParts);
    }

    /** This request with a body of known length. */
    public WireRequest body(byte[] body) {
        return new WireRequest(method, target, headers, List.of(body.clone()));
    }

    /** This request with a streamed body: the parts in order, of no announced length. */
    public WireRequest streamedBody(List<byte[]> parts) {
        List<byte[]> copies = new ArrayList<>();
        for (byte[] part : parts) {
            copies.add(part.clone());
        }
        return new WireRequest(method, target, headers, copies);
    }

    public String method() {
        return method;
    }

    public String target() {
        return target;
    }

    /** Name-value pairs, names lower-cased, in the order they were added. */
    public List<String[]> headers() {
        return headers;
    }

    /** The body's parts; empty when there is no body. The arrays are this request's own: do not change them. */
    public List<byte[]> bodyParts() {
        return bodyParts;
    }

    public boolean hasBody() {
        return !bodyParts.isEmpty();
    }

    /** True when the length is announced (one part), false for a streamed body. */
    public boolean hasKnownLength() {
        return bodyParts.size() == 1;
    }

    public long bodyLength() {
        return bodyParts.stream().mapToLong(part -> part.length).sum();
    }

    @Override
    public String toString() {
        return method + " " + target + (hasBody() ? " (" + bodyLength() + " body bytes in " + bodyParts.size()
                + " parts)" : "");
    }
}
