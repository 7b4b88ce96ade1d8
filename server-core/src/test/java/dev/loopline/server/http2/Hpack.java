package dev.loopline.server.http2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written HPACK (RFC 7541) for requests a real encoder would refuse to make: uppercase names, unknown or
 * misplaced pseudo-headers, connection-specific fields, and header lists that expand far beyond their size on the
 * wire. Only literals (no Huffman) and references to them; enough to say exactly which bytes are sent.
 */
final class Hpack {

    private Hpack() {
    }

    /** Each name/value pair as a literal field without indexing (section 6.2.2), in the order given. */
    static byte[] literals(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            literal(block, 0x00, 4, namesAndValues[i], namesAndValues[i + 1]);
        }
        return block.toByteArray();
    }

    /** One literal field with incremental indexing (section 6.2.1): it becomes dynamic table entry 62. */
    static byte[] indexedLiteral(String name, String value) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        literal(block, 0x40, 6, name, value);
        return block.toByteArray();
    }

    /** A reference to table entry {@code index} (section 6.1): one byte that stands for a whole field. */
    static byte[] indexed(int index) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        integer(block, 0x80, 7, index);
        return block.toByteArray();
    }

    /** The fields of a valid request for {@code path}, followed by {@code extra} name/value pairs. */
    static byte[] request(String method, String path, String... extra) {
        String[] fields = new String[8 + extra.length];
        String[] pseudo = {":method", method, ":scheme", "http", ":authority", "127.0.0.1", ":path", path};
        System.arraycopy(pseudo, 0, fields, 0, pseudo.length);
        System.arraycopy(extra, 0, fields, pseudo.length, extra.length);
        return literals(fields);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    private static void literal(ByteArrayOutputStream block, int pattern, int prefixBits, String name, String value) {
        integer(block, pattern, prefixBits, 0); // index 0: the name follows as a string
        string(block, name);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        integer(block, 0x00, 7, bytes.length); // H bit clear: no Huffman coding
        block.writeBytes(bytes);
    }

    /** An integer with an N-bit prefix (section 5.1), the prefix's high bits set to {@code pattern}. */
    private static void integer(ByteArrayOutputStream block, int pattern, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            block.write(pattern | value);
            return;
        }
        block.write(pattern | max);
        int rest = value - max;
        while (rest >= 128) {
            block.write((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        block.write(rest);
    }
}
