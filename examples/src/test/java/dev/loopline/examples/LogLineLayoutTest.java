package dev.loopline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** The hand-written log line is the one the examples' pattern prints, stack traces included. */
class LogLineLayoutTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("dev.loopline.examples.some.deeply.nested.package.Name");

    @Test
    void printsWhatThePatternPrints() {
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.setPattern(ExamplesLogging.PATTERN);
        pattern.start();
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();

        for (LoggingEvent event : new LoggingEvent[] {
            event(Level.INFO, "hello is up at {}", null, "http://localhost:8080"),
            event(Level.WARN, "slow {} ms", null, 1234),
            event(Level.ERROR, "handler failed", new IllegalStateException("bad", new RuntimeException("cause"))),
        }) {
            assertEquals(pattern.doLayout(event), layout.doLayout(event));
        }
    }

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... arguments) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, arguments);
        event.setThreadName("loopline-loop-1");
        return event;
    }
}
