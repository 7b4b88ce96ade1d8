package dev.loopline.examples;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.StatusManager;
import org.slf4j.Logger;

/**
 * The examples' Logback setup, in code: the thread name is in every line, so a reader sees which work ran on a
 * loop and which on a worker, and lines go out through an asynchronous appender, so no loop waits on the console.
 * Configuring in code rather than with {@code logback.xml} saves the XML parser and Joran, about half a second of
 * start-up, and the hand-written {@link LogLineLayout} saves {@code PatternLayout}'s set-up. A
 * {@code -Dlogback.configurationFile=...} still wins.
 */
public final class ExamplesLogging extends ContextAwareBase implements Configurator {

    /** What {@link LogLineLayout} prints, as a Logback pattern (for a {@code logback.xml} that wants the same). */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the user's own file
        }
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        // Lines are handed to a logging thread: a loop that logs an access line must not wait for the console.
        // When the queue is full, lines are dropped rather than the loop blocked (neverBlock).
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setQueueSize(8192);
        async.setNeverBlock(true);
        async.addAppender(console);
        async.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(async);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        WarningsToStderr.register(context.getStatusManager());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Prints Logback's own warnings and errors (a broken appender, say) to stderr, as Logback does when no listener
     * is registered: with this one registered it skips its {@code StatusPrinter}, whose date formatting costs
     * about 10 ms of start-up.
     */
    private static final class WarningsToStderr implements StatusListener {

        static void register(StatusManager statuses) {
            WarningsToStderr listener = new WarningsToStderr();
            for (Status earlier : statuses.getCopyOfStatusList()) { // those from before it was registered
                listener.addStatusEvent(earlier);
            }
            statuses.add(listener);
        }

        @Override
        public void addStatusEvent(Status status) {
            if (status.getEffectiveLevel() >= Status.WARN) {
                Throwable cause = status.getThrowable();
                System.err.println("logback: " + status + (cause == null ? "" : " (" + cause + ")"));
            }
        }
    }
}
