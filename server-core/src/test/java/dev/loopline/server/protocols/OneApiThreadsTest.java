package dev.loopline.server.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.loopline.server.Handler;
import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.LogCapture;
import dev.loopline.testsupport.protocols.NettyHttp2Client;
import dev.loopline.testsupport.protocols.Protocol;
import dev.loopline.testsupport.protocols.ProtocolClient;
import dev.loopline.testsupport.protocols.Served;
import dev.loopline.testsupport.protocols.SharedCertificates;
import dev.loopline.testsupport.protocols.WireRequest;
import dev.loopline.testsupport.protocols.WireResponse;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One API, three protocols: where handlers run (the loop, Offload.cpu, Offload.blocking), the loop guard's report
 * of a handler that blocks the loop, many requests at once (on HTTP/2, streams of one connection), and graceful
 * shutdown letting a request in flight finish.
 */
class OneApiThreadsTest {

    private static final Handler THREAD_NAME = request -> Response.text(Thread.currentThread().getName()).completed();

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void handlersRunOnTheLoopOrWhereTheyAreOffloaded(Protocol protocol) throws Exception {
        Handler handler = request -> {
            switch (request.path()) {
                case "/cpu": return Offload.cpu(THREAD_NAME).handle(request);
                case "/blocking": return Offload.blocking(THREAD_NAME).handle(request);
                default: return THREAD_NAME.handle(request);
            }
        };
        try (Served served = Served.start(protocol, handler)) {
            assertTrue(served.send(WireRequest.get("/loop")).bodyText().startsWith("loopline-loop-"));
            assertTrue(served.send(WireRequest.get("/cpu")).bodyText().startsWith("loopline-cpu-"));
            assertTrue(served.send(WireRequest.get("/blocking")).bodyText().startsWith("loopline-blocking-"));
        }
    }

    /** Deliberately the anti-pattern: blocks whichever thread runs it. */
    static CompletionStage<Response> sleepThreeHundredMillis(Request request) {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.text("slept").completed();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aHandlerBlockingTheLoopIsReportedWithItsStack(Protocol protocol) throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().eventLoops(1).loopGuardThreshold(Duration.ofMillis(100));
        try (Served served = Served.start(protocol, config, OneApiThreadsTest::sleepThreeHundredMillis);
             LogCapture log = LogCapture.of("dev.loopline.loopguard")) {
            assertEquals("slept", served.send(WireRequest.get("/blocking-on-loop")).bodyText());
            Await.until("a heartbeat has run after the episode", () -> served.server().stats().blockedEpisodes() > 0
                    && served.server().stats().loops().get(0).currentLag().compareTo(Duration.ofMillis(50)) <= 0,
                    () -> served.server().stats());

            List<ILoggingEvent> warnings = log.events(Level.WARN);
            assertEquals(1, warnings.size(), "one WARN for the episode: " + warnings);
            String message = warnings.get(0).getFormattedMessage();
            assertTrue(message.contains("loopline-loop-1") && message.contains("GET /blocking-on-loop"), message);
            assertNotNull(warnings.get(0).getThrowableProxy(), "the WARN carries the loop thread's stack");
            String stack = Arrays.stream(warnings.get(0).getThrowableProxy().getStackTraceElementProxyArray())
                    .map(StackTraceElementProxy::getSTEAsString).collect(Collectors.joining("\n"));
            assertTrue(stack.contains("OneApiThreadsTest.sleepThreeHundredMillis"), "the frame that blocked:\n" + stack);
            assertEquals(1, served.server().stats().blockedEpisodes());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void fiftyRequestsAtOnceAreAllAnsweredEachWithItsOwnBody(Protocol protocol) throws Exception {
        int count = 50;
        AtomicInteger arrived = new AtomicInteger();
        CompletableFuture<Void> allArrived = new CompletableFuture<>();
        Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
        Handler handler = request -> {
            // no response before all fifty requests are in the server: they are truly concurrent
            int n = Integer.parseInt(request.path().substring("/item/".length()));
            peers.add(request.remoteAddress());
            if (arrived.incrementAndGet() == count) {
                allArrived.complete(null);
            }
            return allArrived.thenApply(ready -> Response.text(("item " + n + ";").repeat(n + 1)));
        };
        try (Served served = Served.start(protocol, handler)) {
            List<CompletableFuture<WireResponse>> responses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                responses.add(served.sendAsync(WireRequest.get("/item/" + i)));
            }
            for (int i = 0; i < count; i++) {
                WireResponse response = ProtocolClient.await(responses.get(i));
                assertEquals(200, response.status(), response.toString());
                assertEquals(("item " + i + ";").repeat(i + 1), response.bodyText());
            }
            if (protocol == Protocol.H2C) {
                assertEquals(1, peers.size(), "all " + count + " were streams of one connection: " + peers);
            }
        }
    }

    /**
     * The request in flight when close() begins is finished. On HTTP/2 the client is told first (GOAWAY NO_ERROR
     * naming the stream) and the response is released only then. For h2 the Netty client over TLS is used: the JDK
     * 17 client fails every open stream on any GOAWAY, even those the GOAWAY lets finish (fixed in later JDKs).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void gracefulShutdownLetsARequestInFlightFinish(Protocol protocol) throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        Handler handler = request -> release.thenApply(released -> Response.text("done " + request.path()));
        Served served = Served.start(protocol, ServerConfig.builder().shutdownGracePeriod(Duration.ofSeconds(10)),
                handler);
        Thread closer = new Thread(served.server()::close, "closer");
        int port = served.server().port();
        try (ProtocolClient client = protocol == Protocol.H2
                ? NettyHttp2Client.connectTls(port, SharedCertificates.get().caCertificate) : served.client()) {
            CompletableFuture<WireResponse> inFlight = client.sendAsync(WireRequest.get("/slow"));
            Await.until("the request is in flight", () -> served.server().stats().requestsInFlight() == 1
                    || inFlight.isDone(), () -> served.server().stats());
            if (inFlight.isDone()) {
                throw new AssertionError("the request ended before the shutdown: " + ProtocolClient.await(inFlight));
            }
            closer.start();
            Await.until("the server no longer accepts connections", () -> !accepts(port));
            if (client instanceof NettyHttp2Client) {
                Await.until("a GOAWAY", () -> ((NettyHttp2Client) client).goAway().isPresent() || inFlight.isDone());
            }
            assertEquals(1, served.server().stats().requestsInFlight(), "still in flight while closing");
            release.complete(null);

            WireResponse response = ProtocolClient.await(inFlight);
            assertEquals(protocol.wireVersion(), response.version());
            assertEquals(200, response.status(), response.toString());
            assertEquals("done /slow", response.bodyText(), "the whole body arrives");
            // HTTP/1.1: Connection: close is on responses written once the connection's drain began, an instant
            // after the listener closed; GracefulShutdownTest asserts it where it orders the two
            if (client instanceof NettyHttp2Client) {
                NettyHttp2Client netty = (NettyHttp2Client) client;
                assertTrue(netty.awaitClosed(), "the connection closes once the stream is done");
                NettyHttp2Client.GoAway goAway = netty.goAway().orElseThrow();
                assertEquals(0, goAway.errorCode(), "GOAWAY NO_ERROR: " + goAway);
                assertTrue(goAway.lastStreamId() >= 1, "the in-flight stream 1 is within the GOAWAY: " + goAway);
            }
            closer.join(ProtocolClient.SAFETY_NET_SECONDS * 1000);
            assertTrue(!closer.isAlive(), "close() returns once everything has stopped");
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "no longer accepting");
        } finally {
            release.complete(null);
            served.close();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }
}
