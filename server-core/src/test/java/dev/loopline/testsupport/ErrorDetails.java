package dev.loopline.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an error body may say: Loopline's own words. Never a Java class name, never the text of Netty's codec (or
 * Jackson's): those name the library's internals, change with its versions, and are no rule a client can follow.
 */
public final class ErrorDetails {

    private static final Pattern DETAIL = Pattern.compile("\"detail\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|io\\.netty|tools\\.jackson|com\\.fasterxml|dev\\.loopline)\\.[a-z]"
                    + "|\\b[A-Z][A-Za-z]*(?:Exception|Error)\\b");
    /** Phrases of Netty 4.2's HTTP decoder and of Jackson, as their exceptions word them. */
    private static final List<String> CODEC_PHRASES = List.of(
            "malformed request:", "validation failed for header", "are not allowed in http/1.1 messages",
            "invalid character in chunk size", "the final transfer coding must be", "line feed must be preceded",
            "multiple content-length values", "illegal character in", "invalid version format",
            "invalid version number", "empty headers are not allowed", "can only contain \\\"token\\\" characters",
            "no colon found", "only allowed in http/1.1 or newer", "value is not a number", "chunk data sections",
            "empty chunk size", "chunk size overflow", "invalid chunk extension\"", "must not be applied more than once",
            "must be the last encoding", "connection closed before", "unexpected end-of-input",
            "unrecognized token", "was expecting", "cannot deserialize", "exceeds the maximum allowed",
            "duplicate object property", "source: (", "[truncated");

    private ErrorDetails() {
    }

    /** The {@code detail} of a problem+json body, still JSON-escaped; null when there is none. */
    public static String detailOf(String body) {
        Matcher matcher = DETAIL.matcher(body);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Fails unless the body's detail is in Loopline's own words. */
    public static void assertOwnWords(String body, String where) {
        String detail = detailOf(body);
        if (detail == null) {
            return;
        }
        assertFalse(CLASS_NAME.matcher(detail).find(), "a class name in the detail \"" + detail + "\" for " + where);
        String lower = detail.toLowerCase(Locale.ROOT);
        for (String phrase : CODEC_PHRASES) {
            assertFalse(lower.contains(phrase), "codec text \"" + phrase + "\" in the detail \"" + detail + "\" for "
                    + where);
        }
    }

    /** Fails unless a 400's detail names the rule the request broke, with its RFC section. */
    public static void assertNamesTheRule(String body, String where) {
        String detail = detailOf(body);
        assertTrue(detail != null && detail.contains("RFC "), "no rule named in the detail \"" + detail + "\" for "
                + where);
    }
}
