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

    /**
     * Rejects a response field that is invalid (it could split the response: CR, LF, NUL, a name that is no token),
     * or that the server writes itself. The message names the field, never its value, which may be a secret.
     */
    static void checkResponseField(String name, String value) {
        if (name == null || !isToken(name)) {
            throw new IllegalArgumentException("header " + escaped(name) + " has an invalid name: a field name is a"
                    + " token (RFC 9110 section 5.1)");
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has a null value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("header " + name + " has an invalid value: " + (c > 0xff
                        ? String.format("character U+%04X", (int) c) : String.format("control character 0x%02x", (int) c))
                        + " at index " + i + "; CR, LF, NUL, other controls and characters above U+00FF are never"
                        + " written (RFC 9110 section 5.5)");
            }
        }
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " is set by the server from the body; do not set it");
        }
    }

    /** {@code text} with control characters escaped as {@code \xHH}, for a message; at most 80 characters. */
    private static String escaped(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder();
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\x%02x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.toString();
    }
}
