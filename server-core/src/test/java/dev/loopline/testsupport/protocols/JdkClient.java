package dev.loopline.testsupport.protocols;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The JDK's HttpClient as a {@link ProtocolClient}: HTTP/1.1 on cleartext or TLS, or HTTP/2 over TLS (ALPN). It
 * cannot do h2c with prior knowledge (and may not set Host, Connection, Content-Length, Expect or Upgrade).
 */
public final class JdkClient implements ProtocolClient {

    private final HttpClient client;
    private final String base;
    private final Protocol protocol;

    private JdkClient(HttpClient client, String base, Protocol protocol) {
        this.client = client;
        this.base = base;
        this.protocol = protocol;
    }

    /** HTTP/1.1 only; {@code tls} (may be null) for an https base. */
    public static JdkClient http11(String base, SSLContext tls) {
        return new JdkClient(builder(tls).version(HttpClient.Version.HTTP_1_1).build(), base, Protocol.HTTP_1_1);
    }

    /** HTTP/2 where ALPN agrees to it (else HTTP/1.1: the response says which), for an https base. */
    public static JdkClient http2(String base, SSLContext tls) {
        return new JdkClient(builder(tls).version(HttpClient.Version.HTTP_2).build(), base, Protocol.H2);
    }

    private static HttpClient.Builder builder(SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        return tls == null ? builder : builder.sslContext(tls);
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public CompletableFuture<WireResponse> sendAsync(WireRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.target()))
                .timeout(Duration.ofSeconds(SAFETY_NET_SECONDS));
        for (String[] field : request.headers()) {
            builder.header(field[0], field[1]);
        }
        builder.method(request.method(), publisher(request));
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> WireResponse.of(response.statusCode(), response.headers().map(),
                        response.body(), response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1"));
    }

    private static HttpRequest.BodyPublisher publisher(WireRequest request) {
        if (!request.hasBody()) {
            return HttpRequest.BodyPublishers.noBody();
        }
        if (request.hasKnownLength()) {
            return HttpRequest.BodyPublishers.ofByteArray(request.bodyParts().get(0));
        }
        // no length: chunked on HTTP/1.1, DATA frames without content-length on HTTP/2
        return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                request.bodyParts().stream().map(ByteArrayInputStream::new).map(InputStream.class::cast)
                        .collect(Collectors.toList()))));
    }

    /** The JDK 17 client has no close(); its selector thread ends once the client is unreachable. */
    @Override
    public void close() {
    }
}
