package dev.loopline.server.http2;

import static dev.loopline.server.http2.H2Asserts.assertStillUsable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Body;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.TestServers;
import io.netty.handler.codec.http2.Http2Error;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A streamed response that fails after its head went out resets that stream only; its neighbours go on. */
class H2StreamResetTest {

    private static final int CHUNK = 1000;

    /** Makes {@code chunks} chunks of {@code 'a'} on demand, then nothing until {@link #fail} is called. */
    private static final class FailingLater implements Flow.Publisher<ByteBuffer> {
        final AtomicReference<Flow.Subscriber<? super ByteBuffer>> subscriber = new AtomicReference<>();
        final AtomicInteger cancellations = new AtomicInteger();
        private final int chunks;

        FailingLater(int chunks) {
            this.chunks = chunks;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> downstream) {
            subscriber.set(downstream);
            downstream.onSubscribe(new Flow.Subscription() {
                private int made;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && made < chunks; i++) {
                        made++;
                        byte[] chunk = new byte[CHUNK];
                        Arrays.fill(chunk, (byte) 'a');
                        downstream.onNext(ByteBuffer.wrap(chunk));
                    }
                }

                @Override
                public void cancel() {
                    cancellations.incrementAndGet();
                }
            });
        }

        void fail() {
            subscriber.get().onError(new IllegalStateException("the body's source failed half-way"));
        }
    }

    @Test
    void aBodyFailingAfterTheHeadResetsItsStreamWithInternalErrorAndTheOthersComplete() throws Exception {
        FailingLater failing = new FailingLater(3);
        CompletableFuture<Response> later = new CompletableFuture<>();
        AtomicInteger laterCalls = new AtomicInteger();
        HttpServer server = TestServers.start(request -> switch (request.path()) {
            case "/failing" -> Response.of(200, "application/octet-stream", Body.stream(failing)).completed();
            case "/later" -> {
                laterCalls.incrementAndGet();
                yield later;
            }
            default -> Response.text("ok").completed();
        });
        try (RawH2Client client = RawH2Client.connect(server.port())) {
            client.get(1, "/later");
            Await.until("the neighbour stream is in flight", () -> laterCalls.get() == 1);
            client.get(3, "/failing");
            Frame head = client.awaitFrame(f -> f.streamId() == 3 && f.is(Frame.HEADERS), "the failing stream's head");
            assertEquals("200", head.headers().get(":status"), head.toString());
            client.awaitFrame(f -> f.streamId() == 3 && f.is(Frame.DATA), "the failing stream's first bytes");
            failing.fail();

            StreamResult failed = client.awaitStream(3, true);
            assertTrue(failed.reset(), "the failed body ended as if complete: " + failed);
            assertEquals(Http2Error.INTERNAL_ERROR.name(), Frame.errorName(failed.resetCode()), failed.toString());

            later.complete(Response.text("the neighbour's whole answer"));
            StreamResult neighbour = client.awaitResponse(1);
            assertEquals(200, neighbour.status(), neighbour.toString());
            assertEquals("the neighbour's whole answer", neighbour.bodyText());
            assertStillUsable(client, 5);
            assertTrue(client.seen().stream().noneMatch(frame -> frame.startsWith("GOAWAY")), client.seen()
                    .toString());
        } finally {
            later.complete(Response.text("unused")); // before close, which would wait the grace period for it
            server.close();
        }
    }
}
