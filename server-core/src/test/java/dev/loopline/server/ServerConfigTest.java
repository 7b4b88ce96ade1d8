package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ServerConfig fails at build time, with a message that names the bad field. */
class ServerConfigTest {

    @Test
    void defaultsAreValid() {
        ServerConfig config = ServerConfig.builder().build();
        assertEquals(8080, config.port());
        assertEquals(Duration.ofMillis(100), config.loopGuardThreshold());
        assertEquals(Transport.AUTO, config.transport());
        assertEquals(32, config.maxMethodBytes());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.effectiveEventLoops());
    }

    @Test
    void toBuilderKeepsEveryField() {
        ServerConfig config = ServerConfig.builder().port(1234).maxBodyBytes(77).idleTimeout(Duration.ofSeconds(3))
                .serverName("Test").build();
        assertEquals(config, config.toBuilder().build());
    }

    static Stream<Arguments> badValues() {
        return Stream.<Arguments>of(
                bad("port", b -> b.port(70000)),
                bad("port", b -> b.port(-1)),
                bad("host", b -> b.host(" ")),
                bad("eventLoops", b -> b.eventLoops(-2)),
                bad("backlog", b -> b.backlog(0)),
                bad("maxInitialLineBytes", b -> b.maxInitialLineBytes(10)),
                bad("maxMethodBytes", b -> b.maxMethodBytes(6)),
                bad("maxHeaderBytes", b -> b.maxHeaderBytes(0)),
                bad("maxBodyBytes", b -> b.maxBodyBytes(-1)),
                bad("maxConnections", b -> b.maxConnections(0)),
                bad("maxPipelinedRequests", b -> b.maxPipelinedRequests(0)),
                bad("headerTimeout", b -> b.headerTimeout(Duration.ZERO)),
                bad("bodyTimeout", b -> b.bodyTimeout(Duration.ofSeconds(-1))),
                bad("idleTimeout", b -> b.idleTimeout(null)),
                bad("handlerTimeout", b -> b.handlerTimeout(Duration.ZERO)),
                bad("shutdownGracePeriod", b -> b.shutdownGracePeriod(Duration.ofMillis(-5))),
                bad("writeBufferHighWaterMark", b -> b.writeBufferLowWaterMark(100).writeBufferHighWaterMark(50)),
                bad("cpuThreads", b -> b.cpuThreads(-1)),
                bad("cpuQueueCapacity", b -> b.cpuQueueCapacity(-1)),
                bad("blockingConcurrency", b -> b.blockingConcurrency(0)),
                bad("blockingQueueCapacity", b -> b.blockingQueueCapacity(-3)),
                bad("loopGuardThreshold", b -> b.loopGuardThreshold(Duration.ofMillis(-1))),
                bad("serverName", b -> b.serverName("bad\nname")));
    }

    private static Arguments bad(String field, UnaryOperator<ServerConfig.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void rejectsABadValueNamingTheField(String field, UnaryOperator<ServerConfig.Builder> change) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> change.apply(ServerConfig.builder()).build());
        assertTrue(error.getMessage().startsWith("ServerConfig." + field + " "), error.getMessage());
    }

    @Test
    void nullTransportIsRejected() {
        NullPointerException error = assertThrows(NullPointerException.class,
                () -> ServerConfig.builder().transport(null).build());
        assertTrue(error.getMessage().contains("transport"));
    }

    @Test
    void aSetterRefusesABadValueAtOnceWithTheAllowedRange() {
        ServerConfig.Builder builder = ServerConfig.builder();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> builder.port(70000));
        assertEquals("ServerConfig.port must be 0..65535 (was 70000)", error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> builder.maxBodyBytes(-1));
        assertEquals("ServerConfig.maxBodyBytes must be >= 0 (was -1)", error.getMessage());
        assertEquals(8080, builder.build().port(), "a refused value leaves the builder as it was");
    }

    @Test
    void toStringPrintsEveryEffectiveValue() {
        ServerConfig config = ServerConfig.builder().port(0).eventLoops(0).serverName("Svc")
                .trustedProxies("10.0.0.0/8").build();
        String text = config.toString();
        for (String field : List.of("host=0.0.0.0", "port=0", "eventLoops=" + config.effectiveEventLoops(),
                "transport=AUTO", "reusePort=false", "backlog=1024", "maxInitialLineBytes=8192", "maxMethodBytes=32",
                "maxHeaderBytes=16384", "maxBodyBytes=1048576", "maxConnections=10000", "maxPipelinedRequests=64",
                "headerTimeout=PT10S", "bodyTimeout=PT30S", "idleTimeout=PT1M", "handlerTimeout=PT30S",
                "drainDelay=PT0S", "shutdownGracePeriod=PT10S", "shutdownHook=true", "writeBufferLowWaterMark=32768",
                "writeBufferHighWaterMark=65536", "cpuThreads=" + config.effectiveCpuThreads(),
                "cpuQueueCapacity=256", "blockingConcurrency=64", "blockingQueueCapacity=1024",
                "loopGuardThreshold=PT0.1S", "serverName=Svc", "trustedProxies=[10.0.0.0/8]", "loopBudget=PT0.001S",
                "observers=[]", "tls=null", "http2=Http2Config[cleartextUpgrade=false, maxConcurrentStreams=100")) {
            assertTrue(text.contains(field), field + " missing from " + text);
        }
        String topLevel = text.replaceAll("Http2Config\\[[^]]*]", "Http2Config"); // its own fields are its own
        assertEquals(32, topLevel.split("=").length - 1, "one entry per field: " + text);
    }

    @Test
    void theLoopBudgetAndTheObserversAreChecked() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().loopBudget(Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("loopBudget"), negative.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().observer(null));
        assertTrue(none.getMessage().contains("observers"), none.getMessage());
        ExchangeObserver first = exchange -> { };
        ExchangeObserver second = exchange -> { };
        assertEquals(List.of(first, second), ServerConfig.builder().observer(first).observer(second).build().observers());
        assertEquals(Duration.ZERO, ServerConfig.builder().loopBudget(Duration.ZERO).build().loopBudget());
    }

    @Test
    void configsWithTheSameValuesAreEqual() {
        assertEquals(ServerConfig.builder().port(1).build(), ServerConfig.builder().port(1).build());
        assertEquals(ServerConfig.builder().port(1).build().hashCode(), ServerConfig.builder().port(1).build().hashCode());
        assertNotEquals(ServerConfig.builder().port(1).build(), ServerConfig.builder().port(2).build());
    }
}
