package dev.loopline.examples;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.TimeZone;

/**
 * The examples' log line, {@code HH:mm:ss.SSS LEVEL [thread] logger - message} and the stack below it: what the
 * pattern {@value ExamplesLogging#PATTERN} prints, written by hand. Logback's {@code PatternLayout} registers some
 * sixty converters through method references when its class initialises, and its date converter brings in
 * {@code java.time} formatting: together a few tens of milliseconds of start-up before the first log line.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {

    private static final int LOGGER_NAME_LENGTH = 30;
    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

    private final TargetLengthBasedClassNameAbbreviator abbreviator =
            new TargetLengthBasedClassNameAbbreviator(LOGGER_NAME_LENGTH);

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        appendTime(line, event.getTimeStamp());
        line.append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(" [").append(event.getThreadName()).append("] ")
                .append(abbreviator.abbreviate(event.getLoggerName())).append(" - ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator of its own
        }
        return line.toString();
    }

    /** Local wall-clock time of day; the zone's offset is looked up per line, so a DST change shows at once. */
    private static void appendTime(StringBuilder line, long epochMillis) {
        long local = epochMillis + LocalZone.ZONE.getOffset(epochMillis);
        int millisOfDay = (int) Math.floorMod(local, MILLIS_PER_DAY);
        appendTwoDigits(line, millisOfDay / 3_600_000);
        line.append(':');
        appendTwoDigits(line, millisOfDay / 60_000 % 60);
        line.append(':');
        appendTwoDigits(line, millisOfDay / 1000 % 60);
        line.append('.');
        int millis = millisOfDay % 1000;
        line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
    }

    private static void appendTwoDigits(StringBuilder line, int value) {
        line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** Read on the first line written (by the logging thread), not while the example starts. */
    private static final class LocalZone {
        static final TimeZone ZONE = TimeZone.getDefault();
    }
}
