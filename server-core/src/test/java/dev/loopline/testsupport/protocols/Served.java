package dev.loopline.testsupport.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.TestServers;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A server started for one protocol and a client of that protocol, closed together: the fixture of the
 * one-API suites. Every response {@link #send} returns has been checked to have come over the protocol asked for
 * (an h2c case answered in HTTP/1.1 fails here, not later in a confusing way).
 */
public final class Served implements AutoCloseable {

    private final Protocol protocol;
    private final HttpServer server;
    private final ProtocolClient client;

    private Served(Protocol protocol, HttpServer server, ProtocolClient client) {
        this.protocol = protocol;
        this.server = server;
        this.client = client;
    }

    public static Served start(Protocol protocol, Handler handler) {
        return start(protocol, ServerConfig.builder(), handler);
    }

    public static Served start(Protocol protocol, ServerConfig.Builder config, Handler handler) {
        HttpServer server = TestServers.start(protocol.configure(config), handler);
        try {
            return new Served(protocol, server, protocol.client(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public Protocol protocol() {
        return protocol;
    }

    public HttpServer server() {
        return server;
    }

    public ProtocolClient client() {
        return client;
    }

    /** The Netty client, for the connection's fate (GOAWAY, closed); only for {@link Protocol#H2C}. */
    public NettyHttp2Client netty() {
        return (NettyHttp2Client) client;
    }

    /** A new client of this protocol on a connection of its own. */
    public ProtocolClient newClient() {
        return protocol.client(server);
    }

    /** Sends and waits for the whole response, which must have come over this protocol. */
    public WireResponse send(WireRequest request) throws IOException {
        return checked(client.send(request));
    }

    /** Sends without waiting; the response is checked for its protocol when it arrives. */
    public CompletableFuture<WireResponse> sendAsync(WireRequest request) {
        return client.sendAsync(request).thenApply(this::checked);
    }

    private WireResponse checked(WireResponse response) {
        assertEquals(protocol.wireVersion(), response.version(), () -> protocol + ": the response came over "
                + response.version() + ", not " + protocol.wireVersion() + ": " + response);
        return response;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
