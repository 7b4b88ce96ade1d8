package dev.loopline.server.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The {@code Date} header line, formatted once a second by a timer and shared by every response. */
final class DateHeader {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final ScheduledFuture<?> refresh;
    private volatile byte[] line; // "Date: Tue, 24 Nov 2026 02:09:27 GMT\r\n", replaced whole, never modified

    DateHeader(EventExecutor timer) {
        line = format(System.currentTimeMillis());
        long untilNextSecond = 1000 - System.currentTimeMillis() % 1000;
        refresh = timer.scheduleAtFixedRate(() -> line = format(System.currentTimeMillis()),
                untilNextSecond, 1000, TimeUnit.MILLISECONDS);
    }

    byte[] line() {
        return line;
    }

    void stop() {
        refresh.cancel(false);
    }

    /** IMF-fixdate (RFC 9110 section 5.6.7): always two-digit days, always GMT. */
    static byte[] format(long epochMillis) {
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
        return ("Date: " + IMF_FIXDATE.format(now) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
