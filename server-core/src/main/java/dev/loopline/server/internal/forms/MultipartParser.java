package dev.loopline.server.internal.forms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A {@code multipart/form-data} body (RFC 7578, framed as RFC 2046 §5.1.1) read from a blocking stream, one buffer
 * at a time: a part's bytes go to its {@link PartSink} as they are found, so a file part never needs to fit in
 * memory. Each failure names what is wrong and which part.
 */
final class MultipartParser {

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEADER_BLOCK = 16 * 1024;
    private static final int MAX_PREAMBLE = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final Limits limits;
    private final FormData form;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private long consumed;
    private int parts;

    /** The limits of a parse. */
    record Limits(int maxParts, int maxFieldBytes, long maxFileBytes, long maxTotalBytes, int memoryThreshold) {
    }

    MultipartParser(InputStream in, String boundary, Limits limits, FormData form) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.limits = limits;
        this.form = form;
        buf[0] = '\r'; // the first boundary line has no CRLF before it: pretend it has one
        buf[1] = '\n';
        lim = 2;
    }

    /** Checks a boundary parameter against RFC 2046's grammar; null when it is fine, else what is wrong. */
    static String checkBoundary(String boundary) {
        if (boundary.isEmpty() || boundary.length() > 70) {
            return "the boundary must have 1 to 70 characters (has " + boundary.length() + ")";
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!ok) {
                return "the boundary contains '" + c + "', which RFC 2046 does not allow";
            }
        }
        if (boundary.endsWith(" ")) {
            return "the boundary ends with a space";
        }
        return null;
    }

    void parse() throws IOException {
        PartSink preamble = PartSink.field("(preamble)", MAX_PREAMBLE);
        if (!copyUntilDelimiter(preamble)) {
            throw FormErrors.malformed("the body has no boundary line '--" + boundary() + "'");
        }
        while (true) {
            if (!need(2)) {
                throw FormErrors.malformed("the body ends right after a boundary");
            }
            if (buf[pos] == '-' && buf[pos + 1] == '-') {
                pos += 2;
                checkEpilogue();
                return;
            }
            skipBoundaryLineEnd();
            readPart();
        }
    }

    private void readPart() throws IOException {
        int number = ++parts;
        if (number > limits.maxParts()) {
            throw FormErrors.tooLarge("the form has more than " + limits.maxParts() + " parts, the limit");
        }
        PartHeaders headers = PartHeaders.parse(readHeaderBlock(number), number);
        String name = headers.name();
        PartSink sink = headers.fileName() == null ? PartSink.field(name, limits.maxFieldBytes())
                : PartSink.file(name, limits.maxFileBytes(), limits.memoryThreshold(), form.storage());
        boolean terminated;
        try {
            terminated = copyUntilDelimiter(sink);
        } catch (IOException | RuntimeException e) {
            sink.abandon();
            throw e;
        }
        if (!terminated) {
            sink.abandon();
            throw FormErrors.malformed("part '" + name + "' is not terminated: the body ends before its boundary");
        }
        if (headers.fileName() == null) {
            Charset charset = headers.charset();
            form.addField(name, new String(sink.fieldBytes(), charset == null ? StandardCharsets.UTF_8 : charset));
        } else {
            form.addFile(sink.finish(headers.fileName(), headers.contentType()));
        }
    }

    /** After a boundary: optional linear white space, then CRLF. */
    private void skipBoundaryLineEnd() throws IOException {
        while (true) {
            if (!need(1)) {
                throw FormErrors.malformed("the body ends right after a boundary");
            }
            byte b = buf[pos];
            if (b != ' ' && b != '\t') {
                break;
            }
            pos++;
        }
        if (!need(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw FormErrors.malformed("a boundary line of part " + (parts + 1) + " does not end with CRLF: "
                    + "a bad boundary, or a boundary inside a part's data");
        }
        pos += 2;
    }

    /** The part's header lines, up to and without the empty line that ends them. */
    private String readHeaderBlock(int number) throws IOException {
        int start = pos;
        int scanned = pos;
        while (true) {
            for (int i = scanned; i + 1 < lim; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && (i == start || i >= start + 2 && buf[i - 2] == '\r'
                        && buf[i - 1] == '\n')) {
                    String block = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    pos = i + 2;
                    return block;
                }
            }
            if (lim - start > MAX_HEADER_BLOCK) {
                throw FormErrors.tooLarge("the headers of part " + number + " exceed " + MAX_HEADER_BLOCK + " bytes");
            }
            int kept = lim - start;
            pos = start;
            if (!fill()) {
                throw FormErrors.malformed("part " + number + " is not terminated: the body ends in its headers");
            }
            start = pos;
            scanned = Math.max(pos, pos + kept - 1);
        }
    }

    /** After the closing delimiter: whatever follows is ignored, unless it is another part. */
    private void checkEpilogue() throws IOException {
        if (copyUntilDelimiter(PartSink.discarding())) {
            throw FormErrors.malformed("a part follows the closing boundary '--" + boundary() + "--'");
        }
    }

    /** Copies bytes to {@code sink} up to the next delimiter, which it consumes; false at the end of the body. */
    private boolean copyUntilDelimiter(PartSink sink) throws IOException {
        while (true) {
            int found = indexOfDelimiter();
            if (found >= 0) {
                sink.write(buf, pos, found - pos);
                pos = found + delimiter.length;
                return true;
            }
            int safe = Math.max(pos, lim - (delimiter.length - 1));
            sink.write(buf, pos, safe - pos);
            pos = safe;
            if (!fill()) {
                return false;
            }
        }
    }

    private int indexOfDelimiter() {
        int last = lim - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (buf[i] != '\r') {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Makes {@code n} bytes available at {@code pos}; false when the body ends first. */
    private boolean need(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Moves the unread bytes to the front and reads more; false at the end of the body. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            throw new IllegalStateException("multipart buffer full"); // cannot happen: callers consume first
        }
        form.storage().ensureOpen();
        int read = in.read(buf, lim, buf.length - lim);
        if (read < 0) {
            return false;
        }
        consumed += read;
        if (consumed > limits.maxTotalBytes()) {
            throw FormErrors.tooLarge("the form exceeds the total limit of " + limits.maxTotalBytes() + " bytes");
        }
        lim += read;
        return true;
    }

    private String boundary() {
        return new String(delimiter, 4, delimiter.length - 4, StandardCharsets.ISO_8859_1);
    }
}
