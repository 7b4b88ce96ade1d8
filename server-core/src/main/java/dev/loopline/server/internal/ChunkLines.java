package dev.loopline.server.internal;

import io.netty.util.ByteProcessor;

/**
 * Follows a chunked body over the bytes the decoder has consumed, to check each chunk line's extensions against
 * RFC 9112 section 7.1.1: {@code *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )}. Netty skips
 * extensions after a loose check that lets an empty name through ({@code 5;}, {@code 5;=v}, {@code 5 ;}), on which
 * front ends disagree: a smuggling vector. Netty checks everything else about the framing; this only has to find
 * the chunk lines. Owned by the connection's loop.
 */
final class ChunkLines implements ByteProcessor {

    private enum State {
        SIZE, BEFORE_SEMICOLON, NAME_START, NAME, AFTER_NAME, VALUE_START, TOKEN_VALUE, QUOTED, QUOTED_ESCAPE,
        AFTER_VALUE, SKIP_LINE, LINE_END, DATA, DATA_END, TRAILER, DONE
    }

    private State state = State.DONE;
    private long size;       // of the chunk whose line is being read
    private long remaining;  // data bytes of the current chunk still to come
    private boolean emptyTrailerLine;
    private String fault;    // the first broken rule, or null

    /** A chunked body starts after the head just decoded. */
    void start() {
        state = State.SIZE;
        size = 0;
        fault = null;
    }

    /** The body has ended (or the request was refused). */
    void stop() {
        state = State.DONE;
    }

    boolean isActive() {
        return state != State.DONE;
    }

    /** What the last bytes broke, in Loopline's words; null when nothing. Cleared by {@link #start()}. */
    String fault() {
        return fault;
    }

    @Override
    public boolean process(byte value) {
        int b = value & 0xff;
        switch (state) {
            case DATA:
                if (--remaining == 0) {
                    state = State.DATA_END;
                }
                return true;
            case DATA_END: // CRLF after the data (Netty checks it)
                if (b == '\n') {
                    state = State.SIZE;
                    size = 0;
                }
                return true;
            case TRAILER:
                if (b == '\n') {
                    state = emptyTrailerLine ? State.DONE : State.TRAILER;
                    emptyTrailerLine = true;
                } else if (b != '\r') {
                    emptyTrailerLine = false;
                }
                return true;
            case DONE:
                return true;
            default:
                chunkLine(b);
                return true;
        }
    }

    private void chunkLine(int b) {
        if (b == '\r' || b == '\n') {
            if (!isLineEnd(state)) {
                broken(state == State.QUOTED || state == State.QUOTED_ESCAPE ? "a quoted value that is not closed"
                        : state == State.VALUE_START ? "an empty value after '='" : "an empty name after ';'");
            }
            if (b == '\n') {
                endOfLine();
            } else {
                state = State.LINE_END;
            }
            return;
        }
        boolean space = b == ' ' || b == '\t';
        boolean token = b < 128 && FieldRules.isTokenByte((byte) b);
        switch (state) {
            case SIZE:
                int digit = CanonicalPath.hexValue((char) b);
                if (digit >= 0) {
                    size = size < (1L << 59) ? size * 16 + digit : Long.MAX_VALUE; // Netty refuses an overflow
                } else {
                    state = b == ';' ? State.NAME_START : space ? State.BEFORE_SEMICOLON : State.SIZE;
                }
                break;
            case BEFORE_SEMICOLON:
                state = b == ';' ? State.NAME_START : space ? state : broken("text that is not an extension");
                break;
            case NAME_START:
                state = token ? State.NAME : space ? state : broken("an empty name after ';'");
                break;
            case NAME:
                state = token ? state : space ? State.AFTER_NAME : b == '=' ? State.VALUE_START
                        : b == ';' ? State.NAME_START : broken("a name that is not a token");
                break;
            case AFTER_NAME:
                state = space ? state : b == '=' ? State.VALUE_START : b == ';' ? State.NAME_START
                        : broken("a name that is not a token");
                break;
            case VALUE_START:
                state = space ? state : b == '"' ? State.QUOTED : token ? State.TOKEN_VALUE
                        : broken("an empty value after '='");
                break;
            case TOKEN_VALUE:
                state = token ? state : space ? State.AFTER_VALUE : b == ';' ? State.NAME_START
                        : broken("a value that is neither a token nor quoted");
                break;
            case QUOTED:
                state = b == '"' ? State.AFTER_VALUE : b == '\\' ? State.QUOTED_ESCAPE
                        : isQuotedText(b) ? state : broken("a control character in a quoted value");
                break;
            case QUOTED_ESCAPE:
                state = isQuotedText(b) || b == '"' || b == '\\' ? State.QUOTED
                        : broken("a control character in a quoted value");
                break;
            case AFTER_VALUE:
                state = space ? state : b == ';' ? State.NAME_START : broken("text after a value");
                break;
            case LINE_END:
                state = broken("a CR that does not end the line"); // Netty refuses it too
                break;
            default: // SKIP_LINE: the rest of a broken line
                break;
        }
    }

    /** States in which a chunk line may end (a broken line ends wherever it ends: its fault is recorded). */
    private static boolean isLineEnd(State state) {
        return state == State.SIZE || state == State.BEFORE_SEMICOLON || state == State.NAME
                || state == State.AFTER_NAME || state == State.TOKEN_VALUE || state == State.AFTER_VALUE
                || state == State.SKIP_LINE || state == State.LINE_END;
    }

    private void endOfLine() {
        if (size == 0) {
            state = State.TRAILER;
            emptyTrailerLine = true;
        } else {
            state = State.DATA;
            remaining = size;
        }
    }

    /** Records the first broken rule; the line is then read to its end without more checks. */
    private State broken(String what) {
        if (fault == null) {
            fault = "invalid chunk extension: " + what + " (RFC 9112 section 7.1.1)";
        }
        return State.SKIP_LINE;
    }

    /** qdtext and the quoted-pair octets: HTAB, SP, VCHAR except '"' and '\', obs-text. */
    private static boolean isQuotedText(int b) {
        return b == '\t' || b == ' ' || b == 0x21 || b >= 0x23 && b <= 0x5b || b >= 0x5d && b <= 0x7e || b >= 0x80;
    }
}
