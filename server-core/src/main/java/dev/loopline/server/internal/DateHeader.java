package dev.loopline.server.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/** The {@code Date} header line, formatted once a second by a timer and shared by every response. */
final class DateHeader {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}; // DayOfWeek order
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

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

    /**
     * IMF-fixdate (RFC 9110 section 5.6.7): {@code Sun, 06 Nov 1994 08:49:37 GMT}. Written by hand: the JDK's
     * locale-aware formatter loads locale data on first use, a noticeable part of the server's start time.
     */
    static byte[] format(long epochMillis) {
        long epochSeconds = Math.floorDiv(epochMillis, 1000);
        long epochDay = Math.floorDiv(epochSeconds, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSeconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        StringBuilder line = new StringBuilder(37).append("Date: ")
                .append(DAYS[date.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(line, date.getDayOfMonth()).append(' ').append(MONTHS[date.getMonthValue() - 1]).append(' ')
                .append(date.getYear()).append(' ');
        twoDigits(line, secondOfDay / 3600).append(':');
        twoDigits(line, secondOfDay / 60 % 60).append(':');
        twoDigits(line, secondOfDay % 60).append(" GMT\r\n");
        return line.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder twoDigits(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
