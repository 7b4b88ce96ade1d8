package dev.loopline.server.internal.forms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * An {@code application/x-www-form-urlencoded} body (the WHATWG URL standard's parser, strict about percent-encoding:
 * a {@code %} not followed by two hex digits is an error, not a literal), decoded as UTF-8.
 */
final class UrlEncodedParser {

    private UrlEncodedParser() {
    }

    static void parse(byte[] body, MultipartParser.Limits limits, FormData form) {
        int pairs = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start);
            if (end > start) {
                if (++pairs > limits.maxParts()) {
                    throw FormErrors.tooLarge("the form has more than " + limits.maxParts() + " fields, the limit");
                }
                int equals = indexOf(body, (byte) '=', start);
                int nameEnd = equals < end ? equals : end;
                String name = decode(body, start, nameEnd, StandardCharsets.UTF_8, "field name at byte " + start);
                int valueStart = equals < end ? equals + 1 : end;
                if (end - valueStart > limits.maxFieldBytes()) {
                    throw FormErrors.tooLarge("field '" + PartHeaders.printable(name) + "' exceeds the field limit of "
                            + limits.maxFieldBytes() + " bytes");
                }
                form.addField(name, decode(body, valueStart, end, StandardCharsets.UTF_8,
                        "value of field '" + PartHeaders.printable(name) + "'"));
            }
            start = end + 1;
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    /** Percent-decodes a string of ASCII characters (a {@code filename*} value), {@code +} kept as it is. */
    static String percentDecode(String text, boolean plusIsSpace, Charset charset, String what) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return decode(bytes, 0, bytes.length, plusIsSpace, charset, what);
    }

    private static String decode(byte[] src, int from, int to, Charset charset, String what) {
        return decode(src, from, to, true, charset, what);
    }

    private static String decode(byte[] src, int from, int to, boolean plusIsSpace, Charset charset, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = src[i];
            if (b == '%') {
                int high = i + 2 < to ? Character.digit(src[i + 1], 16) : -1;
                int low = high >= 0 ? Character.digit(src[i + 2], 16) : -1;
                if (low < 0) {
                    throw FormErrors.malformed("bad percent-encoding in the " + what + " at byte " + i
                            + ": '%' must be followed by two hex digits");
                }
                out.write(high << 4 | low);
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw FormErrors.malformed("the " + what + " is not valid " + charset.name());
        }
    }
}
