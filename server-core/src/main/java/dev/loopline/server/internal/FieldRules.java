package dev.loopline.server.internal;

/** Syntax rules for field names and values (RFC 9110 section 5), shared by requests and responses. */
public final class FieldRules {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private FieldRules() {
    }

    /** True when {@code text} is a non-empty RFC 9110 token (method, field name). */
    public static boolean isToken(CharSequence text) {
        int length = text.length();
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** True when the byte {@code value} is an RFC 9110 tchar. */
    static boolean isTokenByte(byte value) {
        return value >= 0 && TCHAR[value];
    }

    /** True when {@code value} holds only visible Latin-1 characters, spaces and tabs. */
    public static boolean isFieldValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Rejects a response field that is invalid, or that the server writes itself. */
    static void checkResponseField(String name, String value) {
        if (name == null || !isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + quote(name));
        }
        if (value == null || !isFieldValue(value)) {
            throw new IllegalArgumentException("invalid value for header " + name + ": " + quote(value)
                    + " (control characters and characters above U+00FF are not allowed)");
        }
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " is set by the server from the body; do not set it");
        }
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\x%02x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
