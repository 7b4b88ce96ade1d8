package dev.loopline.server.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.Response;
import dev.loopline.testsupport.protocols.Protocol;
import dev.loopline.testsupport.protocols.Served;
import dev.loopline.testsupport.protocols.WireRequest;
import dev.loopline.testsupport.protocols.WireResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One API, three protocols: the same handler answers HTTP/1.1, h2c (prior knowledge) and h2 (ALPN) alike, and the
 * request says which protocol, scheme and authority it came with. Each case runs once per {@link Protocol}.
 */
class OneApiExchangeTest {

    /** Tells the client what the handler saw, one "name=value" per line. */
    private static final Handler ECHO = request -> Response.text(String.join("\n",
            "protocol=" + request.protocol(),
            "scheme=" + request.context().scheme(),
            "authority=" + request.context().authority(),
            "method=" + request.method(),
            "path=" + request.path(),
            "rawQuery=" + request.rawQuery(),
            "x=" + request.queryParams("x"),
            "y=" + request.queryParam("y").orElse("-"),
            "probe=" + request.header("X-Probe").orElse("-"),
            "bodyBytes=" + request.body().length())).completed();

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void statusHeadersAndBodyRoundTrip(Protocol protocol) throws Exception {
        Handler handler = request -> Response.text(201, "created " + request.path())
                .withHeader("X-Custom", "v1").addHeader("X-Multi", "a").addHeader("X-Multi", "b").completed();
        try (Served served = Served.start(protocol, handler)) {
            WireResponse response = served.send(WireRequest.get("/things/1"));
            assertEquals(protocol.wireVersion(), response.version(), "the protocol actually used");
            assertEquals(201, response.status());
            assertEquals("created /things/1", response.bodyText());
            assertEquals("text/plain; charset=utf-8", response.header("Content-Type").orElseThrow());
            assertEquals(String.valueOf("created /things/1".length()), response.header("Content-Length").orElseThrow());
            assertEquals("v1", response.header("X-Custom").orElseThrow());
            assertEquals(List.of("a", "b"), response.headers().get("x-multi"));
            assertEquals("Loopline", response.header("Server").orElseThrow());
            assertTrue(response.header("Date").isPresent(), response.toString());
            if (protocol.isHttp2()) {
                for (String connectionSpecific : List.of("connection", "keep-alive", "transfer-encoding", "upgrade",
                        "proxy-connection")) {
                    assertFalse(response.headers().containsKey(connectionSpecific),
                            "no " + connectionSpecific + " on HTTP/2 (RFC 9113 section 8.2.2): " + response);
                }
            }
            assertEquals(201, served.send(WireRequest.get("/things/2")).status(), "the connection goes on");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theRequestKnowsItsProtocolSchemeAndAuthority(Protocol protocol) throws Exception {
        try (Served served = Served.start(protocol, ECHO)) {
            String seen = served.send(WireRequest.get("/who").header("X-Probe", "p1")).bodyText();
            assertTrue(seen.contains("protocol=" + protocol.requestProtocol() + "\n"), seen);
            assertTrue(seen.contains("scheme=" + protocol.scheme() + "\n"), seen);
            assertTrue(seen.contains("authority=127.0.0.1:" + served.server().port() + "\n"), seen);
            assertTrue(seen.contains("method=GET\n"), seen);
            assertTrue(seen.contains("probe=p1\n"), seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void queryAndCanonicalPathAreTheSame(Protocol protocol) throws Exception {
        try (Served served = Served.start(protocol, ECHO)) {
            String seen = served.send(WireRequest.get("/a%7Eb/c%2fd/%61?x=1&y=%20z&x=2")).bodyText();
            assertTrue(seen.contains("path=/a~b/c%2Fd/a\n"), "RFC 3986 normalisation, %2F kept: " + seen);
            assertTrue(seen.contains("rawQuery=x=1&y=%20z&x=2\n"), seen);
            assertTrue(seen.contains("x=[1, 2]\n"), seen);
            assertTrue(seen.contains("y= z\n"), seen);

            WireResponse dotSegment = served.send(WireRequest.get("/static/%2e%2e/secret"));
            assertEquals(400, dotSegment.status(), "a dot segment is 400 on every protocol: " + dotSegment);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aPostedBodyArrivesAggregated(Protocol protocol) throws Exception {
        byte[] upload = bytes(200 * 1024 + 7);
        Handler digest = request -> Response.text(request.method() + " " + request.body().length() + " "
                + sha256(request.body().bytes()) + " " + request.header("Content-Type").orElse("-")).completed();
        try (Served served = Served.start(protocol, digest)) {
            WireResponse response = served.send(WireRequest.post("/upload", upload)
                    .header("Content-Type", "application/octet-stream"));
            assertEquals(200, response.status());
            assertEquals("POST " + upload.length + " " + sha256(upload) + " application/octet-stream",
                    response.bodyText());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void headAnswersTheHeadWithoutTheBody(Protocol protocol) throws Exception {
        Handler handler = request -> Response.text("twelve bytes").completed();
        try (Served served = Served.start(protocol, handler)) {
            WireResponse head = served.send(WireRequest.head("/doc"));
            assertEquals(200, head.status());
            assertEquals(0, head.body().length, "no body for HEAD: " + head);
            assertEquals("12", head.header("Content-Length").orElseThrow(), "the length a GET would have");
            assertEquals("twelve bytes", served.send(WireRequest.get("/doc")).bodyText(), "the connection goes on");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void noContentAndNotModifiedHaveNoBody(Protocol protocol) throws Exception {
        Handler handler = request -> (request.path().equals("/204") ? Response.empty(204)
                : Response.empty(304).withHeader("ETag", "\"v1\"")).completed();
        try (Served served = Served.start(protocol, handler)) {
            WireResponse noContent = served.send(WireRequest.of("DELETE", "/204"));
            assertEquals(204, noContent.status());
            assertEquals(0, noContent.body().length);
            assertFalse(noContent.header("Content-Length").filter(length -> !length.equals("0")).isPresent(),
                    noContent.toString());
            WireResponse notModified = served.send(WireRequest.get("/304").header("If-None-Match", "\"v1\""));
            assertEquals(304, notModified.status());
            assertEquals(0, notModified.body().length);
            assertEquals("\"v1\"", notModified.header("ETag").orElseThrow());
            assertEquals(204, served.send(WireRequest.of("DELETE", "/204")).status(), "the connection goes on");
        }
    }

    static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 1000);
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
