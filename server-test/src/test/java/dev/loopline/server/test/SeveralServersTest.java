package dev.loopline.server.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import java.net.URI;
import org.asynchttpclient.AsyncHttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Several LooplineExtension servers in one test class: each its own URI, client and loop-guard verdict. */
class SeveralServersTest {

    static LooplineExtension answering(String name) {
        return LooplineExtension.serving(request -> Response.text(name).completed());
    }

    static String get(AsyncHttpClient client, URI base) throws Exception {
        return client.prepareGet(base.resolve("/").toString()).execute().get().getResponseBody();
    }

    /** Two static servers and one per test: parameters say which they mean, fields answer directly. */
    static class ThreeServers {
        @RegisterExtension
        static final LooplineExtension api = answering("api");
        @RegisterExtension
        static final LooplineExtension upstream = answering("upstream");
        @RegisterExtension
        final LooplineExtension perTest = answering("perTest");

        @Test
        void parametersNameTheirServer(@ServedBy("api") URI apiBase, @ServedBy("api") AsyncHttpClient apiClient,
                @ServedBy("upstream") URI upstreamBase, @ServedBy("upstream") HttpServer upstreamServer,
                @ServedBy("perTest") URI perTestBase) throws Exception {
            assertEquals("api", get(apiClient, apiBase));
            assertEquals("upstream", get(apiClient, upstreamBase));
            assertEquals("perTest", get(apiClient, perTestBase));
            assertEquals(upstream.server().port(), upstreamServer.port());
            assertEquals(api.uri(), apiBase);
            assertNotEquals(api.uri(), upstream.uri());
        }

        @Test
        void fieldsGiveEachServersOwnUriAndClient() throws Exception {
            assertEquals("upstream", get(upstream.client(), upstream.uri()));
            assertEquals("perTest", get(perTest.client(), perTest.uri()));
            assertNotEquals(api.client(), upstream.client());
        }
    }

    /** An unannotated parameter with two servers: a message that says what to do, not an ambiguity error. */
    static class AmbiguousParameter {
        @RegisterExtension
        static final LooplineExtension first = answering("first");
        @RegisterExtension
        static final LooplineExtension second = answering("second");

        @Test
        void whichOne(URI base) {
            assertEquals(first.uri(), base);
        }
    }

    /** A @ServedBy that names no field. */
    static class MisnamedParameter {
        @RegisterExtension
        static final LooplineExtension only = answering("only");

        @Test
        void misnamed(@ServedBy("other") URI base) {
            assertEquals(only.uri(), base);
        }
    }

    /** One server blocks its loop, the other does not: only the blocking one fails the test, and it is named. */
    static class OneServerBlocks {
        @RegisterExtension
        static final LooplineExtension calm = answering("calm");
        @RegisterExtension
        static final LooplineExtension sleepy = LooplineExtension.serving(LooplineExtensionTest::sleepsHalfASecond);

        @Test
        void callsOnlyTheCalmOne() throws Exception {
            assertEquals("calm", get(calm.client(), calm.uri()));
        }

        @Test
        void callsBoth() throws Exception {
            assertEquals("calm", get(calm.client(), calm.uri()));
            assertEquals("slept", get(sleepy.client(), sleepy.uri()));
        }
    }

    /** A @Nested class sees the servers of the class around it and adds its own. */
    static class Outer {
        @RegisterExtension
        final LooplineExtension outer = answering("outer");

        @Nested
        class Inner {
            @RegisterExtension
            final LooplineExtension inner = answering("inner");

            @Test
            void bothByName(@ServedBy("outer") URI outerBase, @ServedBy("inner") URI innerBase,
                    @ServedBy("inner") AsyncHttpClient client) throws Exception {
                assertEquals("outer", get(client, outerBase));
                assertEquals("inner", get(client, innerBase));
            }
        }
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @Test
    void eachServerHasItsOwnUriClientAndParameters() {
        run(ThreeServers.class).assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void anUnannotatedParameterWithTwoServersNamesThemAndTheFix() {
        Events events = run(AmbiguousParameter.class);
        events.assertStatistics(stats -> stats.started(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("whichOne"), finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(text -> text.contains("2 Loopline servers serve this test (first, second)")
                        && text.contains("@ServedBy(\"name\")")))));
    }

    @Test
    void aServedByThatNamesNoFieldSaysWhichFieldsThereAre() {
        Events events = run(MisnamedParameter.class);
        events.assertStatistics(stats -> stats.started(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("misnamed"), finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(text -> text.contains("@ServedBy(\"other\")") && text.contains("[only]")))));
    }

    @Test
    void eachServerHasItsOwnLoopGuardVerdict() {
        Events events = run(OneServerBlocks.class);
        events.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("callsBoth"), finishedWithFailure(
                instanceOf(AssertionError.class),
                message(text -> text.startsWith("Loopline server 'sleepy': 1 blocked event loop episode(s)")
                        && text.contains("while handling GET /")))));
    }

    @Test
    void aNestedClassSeesTheOuterServers() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Outer.class)).execute().testEvents()
                .assertStatistics(stats -> stats.started(1).succeeded(1));
    }
}
