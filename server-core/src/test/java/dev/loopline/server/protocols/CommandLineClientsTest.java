package dev.loopline.server.protocols;

import static dev.loopline.server.protocols.OneApiExchangeTest.bytes;
import static dev.loopline.server.protocols.OneApiExchangeTest.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.TestServers;
import dev.loopline.testsupport.protocols.CommandLine;
import dev.loopline.testsupport.protocols.CommandLine.Result;
import dev.loopline.testsupport.protocols.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP/2 clients other than ours: curl (--http2-prior-knowledge on the cleartext port, --http2 by ALPN on the
 * TLS port) and nghttp (nghttp2-client), as processes. Each asserts the protocol the tool reports and the body.
 * A missing tool skips its cases with a message.
 */
class CommandLineClientsTest {

    @TempDir
    static Path dir;

    /** Says how it was reached, and digests a posted body. */
    private static final Handler ECHO = request -> Response.text(request.method() + " " + request.path() + " over "
            + request.protocol() + " " + request.context().scheme() + (request.body().length() > 0
            ? " " + request.body().length() + " " + sha256(request.body().bytes()) : "")).completed();

    private static HttpServer start(Protocol protocol) {
        return TestServers.start(protocol.configure(ServerConfig.builder()), ECHO);
    }

    private static String url(Protocol protocol, HttpServer server, String path) {
        return protocol.scheme() + "://127.0.0.1:" + server.port() + path;
    }

    /** curl's output: the body, then a line with the HTTP version it used ("1.1" or "2"). */
    private static Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-w", "\n%{http_version}"));
        command.addAll(List.of(args));
        Result result = CommandLine.run(command);
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    @Test
    void curlWithPriorKnowledgeSpeaksH2cOnTheCleartextPort() throws Exception {
        CommandLine.assumeInstalled("curl", "curl");
        try (HttpServer server = start(Protocol.H2C)) {
            assertEquals("GET /hello over HTTP/2.0 http\n2",
                    curl("--http2-prior-knowledge", url(Protocol.H2C, server, "/hello")).stdout());
            assertEquals("GET /plain over HTTP/1.1 http\n1.1", curl(url(Protocol.H2C, server, "/plain")).stdout(),
                    "the same port, without the preface: HTTP/1.1");
            byte[] upload = bytes(1024 * 1024 - 3);
            Path file = Files.write(dir.resolve("upload.bin"), upload);
            assertEquals("POST /upload over HTTP/2.0 http " + upload.length + " " + sha256(upload) + "\n2",
                    curl("--http2-prior-knowledge", "--data-binary", "@" + file, url(Protocol.H2C, server, "/upload"))
                            .stdout());
        }
    }

    @Test
    void curlGetsH2OrHttp11ByAlpnOnTheTlsPort() throws Exception {
        CommandLine.assumeInstalled("curl", "curl");
        try (HttpServer server = start(Protocol.H2)) {
            assertEquals("GET /tls over HTTP/2.0 https\n2", curl("--http2", "-k", url(Protocol.H2, server, "/tls"))
                    .stdout());
            assertEquals("GET /tls over HTTP/1.1 https\n1.1", curl("--http1.1", "-k", url(Protocol.H2, server, "/tls"))
                    .stdout(), "a client that offers only http/1.1 gets it");
        }
    }

    @Test
    void nghttpSpeaksH2cWithPriorKnowledge() throws Exception {
        CommandLine.assumeInstalled("nghttp", "nghttp2-client");
        try (HttpServer server = start(Protocol.H2C)) {
            Result verbose = CommandLine.run(List.of("nghttp", "-nv", "-t", "20",
                    url(Protocol.H2C, server, "/frames")));
            assertEquals(0, verbose.exitCode(), verbose.toString());
            assertTrue(verbose.stdout().contains("recv SETTINGS frame"), verbose.toString());
            assertTrue(verbose.stdout().contains(":status: 200"), verbose.toString());
            assertTrue(verbose.stdout().contains("send GOAWAY frame") || verbose.stdout().contains("recv DATA frame"),
                    verbose.toString());

            Result body = CommandLine.run(List.of("nghttp", "-t", "20", url(Protocol.H2C, server, "/body")));
            assertEquals(0, body.exitCode(), body.toString());
            assertEquals("GET /body over HTTP/2.0 http", body.stdout());
        }
    }

    @Test
    void nghttpSendsManyStreamsAndABodyOnOneConnection() throws Exception {
        CommandLine.assumeInstalled("nghttp", "nghttp2-client");
        try (HttpServer server = start(Protocol.H2C)) {
            Result many = CommandLine.run(List.of("nghttp", "-nv", "-t", "20", "-m", "20",
                    url(Protocol.H2C, server, "/many")));
            assertEquals(0, many.exitCode(), many.toString());
            assertEquals(20, count(many.stdout(), ":status: 200"), many.toString());

            byte[] upload = bytes(300 * 1024 + 1);
            Path file = Files.write(dir.resolve("nghttp-upload.bin"), upload);
            Result posted = CommandLine.run(List.of("nghttp", "-t", "20", "-d", file.toString(),
                    url(Protocol.H2C, server, "/upload")));
            assertEquals(0, posted.exitCode(), posted.toString());
            assertEquals("POST /upload over HTTP/2.0 http " + upload.length + " " + sha256(upload), posted.stdout());
        }
    }

    @Test
    void nghttpNegotiatesH2ByAlpn() throws Exception {
        CommandLine.assumeInstalled("nghttp", "nghttp2-client");
        try (HttpServer server = start(Protocol.H2)) {
            Result verbose = CommandLine.run(List.of("nghttp", "-nv", "-t", "20", url(Protocol.H2, server, "/tls")));
            assertEquals(0, verbose.exitCode(), verbose.toString());
            assertTrue(verbose.stdout().contains("The negotiated protocol: h2"), verbose.toString());
            assertTrue(verbose.stdout().contains(":status: 200"), verbose.toString());
            Result body = CommandLine.run(List.of("nghttp", "-t", "20", url(Protocol.H2, server, "/tls")));
            assertEquals("GET /tls over HTTP/2.0 https", body.stdout(), body.toString());
        }
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
