package dev.loopline.server.internal.files;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP dates (RFC 9110 section 5.6.7): written as IMF-fixdate, read in that form or not at all (then ignored). */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    static String format(Instant time) {
        return IMF_FIXDATE.format(time);
    }

    /** The time {@code text} names, to the second; null when it is not an IMF-fixdate (the header is then ignored). */
    static Instant parse(String text) {
        try {
            return Instant.from(IMF_FIXDATE.parse(text.trim()));
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
