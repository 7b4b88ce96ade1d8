package dev.loopline.server.internal;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The {@code Date} header line, shared by every response of a server. Each response reads the clock and the line
 * is formatted again only when the second has changed: no timer, so a blocked loop cannot leave it stale, and no
 * allocation per response (one line per second).
 */
final class DateHeader {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}; // DayOfWeek order
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    /** One formatted second; replaced whole (by any loop), never modified. */
    private static final class Second {
        final long epochSecond;
        final byte[] line; // "Date: Tue, 24 Nov 2026 02:09:27 GMT\r\n"
        final AsciiString value; // the same bytes without the name and the CRLF, for HTTP/2

        Second(long epochSecond) {
            this.epochSecond = epochSecond;
            this.line = format(epochSecond * 1000);
            this.value = new AsciiString(line, 6, line.length - 8, false);
        }
    }

    private volatile Second current = new Second(System.currentTimeMillis() / 1000);

    /** The line for the current second. Loops that race at a second boundary each format it once: harmless. */
    byte[] line() {
        return second().line;
    }

    /** The value for the current second, as an HTTP/2 field value. */
    AsciiString value() {
        return second().value;
    }

    private Second second() {
        long epochSecond = System.currentTimeMillis() / 1000;
        Second second = current;
        if (second.epochSecond != epochSecond) { // also when the clock was set back
            second = new Second(epochSecond);
            current = second;
        }
        return second;
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
