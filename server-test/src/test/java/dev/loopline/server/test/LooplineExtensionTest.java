package dev.loopline.server.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.asynchttpclient.AsyncHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The JUnit extension: serves a handler, injects a client, and fails tests whose handler blocked a loop. */
class LooplineExtensionTest {

    static CompletionStage<Response> sleepsHalfASecond(Request request) {
        try {
            Thread.sleep(500); // long enough for the guard to catch it in the act on a loaded machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Response.text("slept").completed();
    }

    /** A user's test whose handler sleeps on the loop: it must fail. */
    static class HandlerBlocksTheLoop {
        @RegisterExtension
        static final LooplineExtension server = LooplineExtension.serving(LooplineExtensionTest::sleepsHalfASecond);

        @Test
        void callsTheHandler(AsyncHttpClient client, URI base) throws Exception {
            assertEquals(200, client.prepareGet(base.resolve("/work").toString()).execute().get().getStatusCode());
        }
    }

    /** The same handler under Offload.blocking: it must pass. */
    static class HandlerIsOffloaded {
        @RegisterExtension
        final LooplineExtension server = LooplineExtension.serving(
                Offload.blocking(LooplineExtensionTest::sleepsHalfASecond));

        @Test
        void callsTheHandler(AsyncHttpClient client, URI base) throws Exception {
            var response = client.prepareGet(base.resolve("/work").toString()).execute().get();
            assertEquals(200, response.getStatusCode());
            assertEquals("slept", response.getResponseBody());
        }
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @Test
    void failsATestWhoseHandlerSleepsOnTheLoop() {
        Events events = run(HandlerBlocksTheLoop.class);
        events.assertStatistics(stats -> stats.started(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("callsTheHandler"), finishedWithFailure(
                instanceOf(AssertionError.class),
                message(text -> text.contains("blocked event loop")
                        && text.contains("while handling GET /work")
                        && text.contains("LooplineExtensionTest.sleepsHalfASecond")))));
    }

    @Test
    void passesTheSameHandlerUnderOffloadBlocking() {
        run(HandlerIsOffloaded.class).assertStatistics(stats -> stats.started(1).succeeded(1));
    }
}
