package dev.loopline.server.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes fuzz inputs: a request stream from the hostile-input tables (or a plain valid one), changed by a few
 * HTTP-aware mutations. Every decision comes from {@link Choices}, so the same choices give the same bytes: the
 * fuzzer's data drives it under Jazzer, a seeded random elsewhere.
 */
final class RequestMutator {

    /** The source of every decision. */
    interface Choices {
        /** A number from 0 (inclusive) to {@code bound} (exclusive). */
        int next(int bound);
    }

    static final int MAX_MUTATIONS = 6;

    private static final List<byte[]> BASES = bases();
    private static final String[] TOKENS = {
        "\r\n", "\n", "\r", " ", "\t", "\u0000", ":", ",", ";", "\"", "\u00ff", "\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n", "POST /p HTTP/1.1\r\n",
        "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "Host: a\r\n", "Host: ", "Connection: close\r\n",
        "Connection: keep-alive\r\n", "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: ", "chunked",
        "Content-Length: 0\r\n", "Content-Length: 5\r\n", "Content-Length: ", "Expect: 100-continue\r\n",
        "0\r\n\r\n", "5\r\nhello\r\n", "ffffffffffffffff\r\n", ";ext=\"v\"", "X-Trailer: t\r\n", "%2F", "%zz",
        "*", "http://a/", "OPTIONS", "CONNECT", "-1", "99999999999999999999",
    };

    private RequestMutator() {
    }

    /** One input: a base stream and up to {@link #MAX_MUTATIONS} mutations of it. */
    static byte[] next(Choices choices) {
        byte[] input = BASES.get(choices.next(BASES.size())).clone();
        int mutations = choices.next(MAX_MUTATIONS + 1);
        for (int i = 0; i < mutations; i++) {
            input = mutate(input, choices);
        }
        return input;
    }

    private static byte[] mutate(byte[] input, Choices choices) {
        int at = choices.next(input.length + 1);
        switch (choices.next(6)) {
            case 0: // one byte becomes any byte
                if (at < input.length) {
                    input[at] = (byte) choices.next(256);
                }
                return input;
            case 1: // an HTTP token goes in
                return splice(input, at, at, TOKENS[choices.next(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
            case 2: // a stretch goes away
                return splice(input, at, Math.min(input.length, at + 1 + choices.next(16)), new byte[0]);
            case 3: { // a stretch is repeated: long lines, repeated headers, many chunks
                int end = Math.min(input.length, at + 1 + choices.next(32));
                byte[] stretch = java.util.Arrays.copyOfRange(input, at, end);
                return splice(input, end, end, repeat(stretch, 1 + choices.next(64)));
            }
            case 4: // cut short
                return java.util.Arrays.copyOf(input, at);
            default: // every CRLF becomes a bare LF, or the other way round
                String text = new String(input, StandardCharsets.ISO_8859_1);
                text = text.contains("\r\n") ? text.replace("\r\n", "\n") : text.replace("\n", "\r\n");
                return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] splice(byte[] input, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + insert.length);
        out.write(input, 0, from);
        out.writeBytes(insert);
        out.write(input, to, input.length - to);
        return out.toByteArray();
    }

    private static byte[] repeat(byte[] stretch, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stretch.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(stretch);
        }
        return out.toByteArray();
    }

    private static List<byte[]> bases() {
        List<byte[]> bases = new ArrayList<>();
        bases.add("GET /a?b=c HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        bases.add(("POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        bases.add("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello"
                .getBytes(StandardCharsets.ISO_8859_1));
        Stream.of(RequestLineCases.cases(), HeaderCases.cases(), FramingCases.cases()).flatMap(List::stream)
                .forEach(hostile -> bases.add(hostile.wire().getBytes(StandardCharsets.ISO_8859_1)));
        return List.copyOf(bases);
    }
}
