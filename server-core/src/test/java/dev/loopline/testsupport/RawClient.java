package dev.loopline.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket, for sending exact bytes (malformed, pipelined,
 * trickled) and reading exact responses. Every read has a timeout, so a test can never hang.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final PushbackInputStream in; // one byte of push-back: to tell a clean close from a cut response
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(port, 5_000);
    }

    public RawClient(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true);
        in = new PushbackInputStream(socket.getInputStream(), 1);
        out = socket.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    /** Sends {@code text} as ISO-8859-1 bytes, so that any byte value can be written with a char. */
    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends one request and reads its response. */
    public RawResponse exchange(String request) throws IOException {
        send(request);
        return readResponse();
    }

    /** Reads one response (a 1xx included), framed by Content-Length or chunked; fails on EOF or timeout. */
    public RawResponse readResponse() throws IOException {
        return readResponse(false);
    }

    /** Reads the response to a HEAD request: its Content-Length describes a body that is not sent. */
    public RawResponse readHeadResponse() throws IOException {
        return readResponse(true);
    }

    private RawResponse readResponse(boolean toHead) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        if (line == null) {
            throw new EOFException("connection closed inside a response head: " + statusLine);
        }
        byte[] body = new byte[0];
        List<String> length = headers.get("content-length");
        List<String> coding = headers.get("transfer-encoding");
        if (coding != null && coding.get(0).equalsIgnoreCase("chunked") && !toHead) {
            return new RawResponse(statusLine, status, headers, readChunks(headers));
        }
        if (length != null && !toHead) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
            if (body.length != Integer.parseInt(length.get(0))) {
                throw new EOFException("truncated body: " + body.length + " of " + length.get(0) + " bytes");
            }
        }
        return new RawResponse(statusLine, status, headers, body);
    }

    /** A chunked body (RFC 9112 section 7.1), decoded; trailer fields are added to {@code headers}. */
    private byte[] readChunks(Map<String, List<String>> headers) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("connection closed inside a chunked body after " + body.size() + " bytes");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine()) != null && !trailer.isEmpty()) {
                    int colon = trailer.indexOf(':');
                    headers.computeIfAbsent(trailer.substring(0, colon).toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(trailer.substring(colon + 1).trim());
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("truncated chunk: " + chunk.length + " of " + size + " bytes");
            }
            body.write(chunk);
            if (!"".equals(readLine())) {
                throw new IOException("a chunk does not end with CRLF");
            }
        }
    }

    /** Reads one response, or returns null when the server closes the connection first. */
    public RawResponse readResponseOrNull() throws IOException {
        try {
            return readResponse();
        } catch (EOFException | java.net.SocketException closed) {
            return null;
        }
    }

    /**
     * Reads one response, or returns null when the server closed (or reset) the connection before sending its
     * first byte. A response cut short still fails with an EOFException; a read timeout fails too.
     */
    public RawResponse readResponseUnlessClosed() throws IOException {
        int first;
        try {
            first = in.read();
        } catch (java.net.SocketException reset) {
            return null;
        }
        if (first == -1) {
            return null;
        }
        in.unread(first);
        return readResponse();
    }

    /** Reads responses until the server closes the connection; fails on a cut response or a read timeout. */
    public List<RawResponse> readResponsesUntilClosed() throws IOException {
        List<RawResponse> responses = new ArrayList<>();
        RawResponse response;
        while ((response = readResponseUnlessClosed()) != null) {
            responses.add(response);
        }
        return responses;
    }

    /** True when the server closes the connection (EOF or reset) within the read timeout with no more bytes. */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /**
     * Reads, byte by byte, until what arrived contains {@code text}, and returns it all (ISO-8859-1); fails if the
     * server closes the connection first.
     */
    public String readUntil(String text) throws IOException {
        StringBuilder received = new StringBuilder();
        while (received.indexOf(text) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before \"" + text + "\" arrived: " + received);
            }
            received.append((char) b);
        }
        return received.toString();
    }

    /** Reads everything until the server closes the connection (or the read times out). */
    public byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) != -1) {
                all.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException stop) {
            // what arrived so far is the answer
        }
        return all.toByteArray();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
