package dev.loopline.server.http2;

import static dev.loopline.server.http2.Frame.ACK;
import static dev.loopline.server.http2.Frame.DATA;
import static dev.loopline.server.http2.Frame.END_HEADERS;
import static dev.loopline.server.http2.Frame.GOAWAY;
import static dev.loopline.server.http2.Frame.HEADERS;
import static dev.loopline.server.http2.Frame.PING;
import static dev.loopline.server.http2.Frame.RST_STREAM;
import static dev.loopline.server.http2.Frame.SETTINGS;
import static dev.loopline.server.http2.Frame.SETTINGS_INITIAL_WINDOW_SIZE;
import static dev.loopline.server.http2.Frame.WINDOW_UPDATE;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A deliberately dumb HTTP/2 client over a plain socket: it writes the frames a test builds, however wrong, and
 * reads back exactly what the server sends (answering only SETTINGS and PING as any peer must). Every read waits at
 * most the socket timeout and every write at most {@link #WRITE_TIMEOUT_SECONDS}, so a test fails instead of
 * hanging. Frames read while waiting for another one are kept for later waits; all of them are listed in failures.
 */
final class RawH2Client implements AutoCloseable {

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int WRITE_TIMEOUT_SECONDS = 10;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "raw-h2-write-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final FrameReader reader;
    private final LinkedList<Frame> unread = new LinkedList<>();
    private final List<String> seen = new ArrayList<>();
    private final Map<Integer, Long> streamSendWindows = new HashMap<>();
    private long connectionSendWindow = 65_535;
    private long initialStreamSendWindow = 65_535;
    private volatile boolean writeStalled;
    private boolean closedByServer;

    RawH2Client(int port) throws IOException {
        this(port, 5_000, 0);
    }

    /** {@code receiveBufferBytes} 0 keeps the system's default; small makes an unread socket fill up fast. */
    RawH2Client(int port, int readTimeoutMillis, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        reader = new FrameReader(in, seen);
        out = socket.getOutputStream();
    }

    /** Connects, sends the preface and SETTINGS ({@code settings}: id, value, ...) and reads the server's SETTINGS. */
    static RawH2Client connect(int port, int... settings) throws IOException {
        RawH2Client client = new RawH2Client(port);
        client.handshake(settings);
        return client;
    }

    /** The server's first SETTINGS frame (already acknowledged). */
    Frame handshake(int... settings) throws IOException {
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        start.writeBytes(PREFACE);
        start.writeBytes(Frames.settings(settings));
        send(start.toByteArray());
        return awaitFrame(f -> f.is(SETTINGS) && !f.hasFlag(ACK), "the server's SETTINGS");
    }

    /** Reads an HTTP/1.1 head (up to its empty line) off the socket, before any frame: a 101 for Upgrade: h2c. */
    String readHttp1Head() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new java.io.EOFException("the connection closed inside an HTTP/1.1 head: " + head);
            }
            head.append((char) next);
        }
        return head.toString();
    }

    // ---- writing

    /** Writes {@code bytes} (frames made with {@link Frames}); a write blocked for too long closes the socket. */
    RawH2Client send(byte[] bytes) throws IOException {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            writeStalled = true;
            closeQuietly();
        }, WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException failed) {
            if (writeStalled) {
                throw new IOException("the server read nothing for " + WRITE_TIMEOUT_SECONDS + " s", failed);
            }
            throw failed;
        } finally {
            watchdog.cancel(false);
        }
        return this;
    }

    /** True when a write was cut off because the server stopped reading (rather than closing the connection). */
    boolean writeStalled() {
        return writeStalled;
    }

    /** HEADERS with the whole {@code block}, END_HEADERS set. */
    RawH2Client headers(int streamId, byte[] block, boolean endStream) throws IOException {
        return send(Frames.headers(streamId, block, endStream, true));
    }

    /** A GET for {@code path}, ending the stream. */
    RawH2Client get(int streamId, String path) throws IOException {
        return headers(streamId, Hpack.request("GET", path), true);
    }

    /** Sends {@code body} on {@code streamId} in DATA frames no larger than the server's windows allow. */
    RawH2Client sendBody(int streamId, byte[] body, boolean endStream) throws IOException {
        int offset = 0;
        do {
            long window = Math.min(connectionSendWindow, streamSendWindow(streamId));
            int chunk = (int) Math.min(Math.min(window, FrameReader.MAX_FRAME_BYTES), body.length - offset);
            if (chunk <= 0 && body.length > 0) {
                awaitFrame(f -> f.is(WINDOW_UPDATE) && (f.streamId() == 0 || f.streamId() == streamId),
                        "a WINDOW_UPDATE letting stream " + streamId + " send the rest of its body after " + offset);
                continue;
            }
            offset += chunk;
            data(streamId, java.util.Arrays.copyOfRange(body, offset - chunk, offset),
                    endStream && offset == body.length);
        } while (offset < body.length);
        return this;
    }

    /**
     * Writes {@code frame} over and over, {@code framesPerWrite} at a time, until the server closes the connection
     * (a write fails), {@code maxFrames} are written, or, with {@code untilAnswered}, the server sends anything.
     */
    Flood flood(byte[] frame, int framesPerWrite, long maxFrames, boolean untilAnswered) {
        byte[] burst = Frames.repeat(frame, framesPerWrite);
        long written = 0;
        try {
            while (written < maxFrames && !(untilAnswered && in.available() > 0)) {
                send(burst);
                written += framesPerWrite;
            }
            return new Flood(written, null, false);
        } catch (IOException failed) {
            return new Flood(written, failed, writeStalled);
        }
    }

    /** What a flood did: frames written, and the write failure that ended it (null when it ran to its end). */
    record Flood(long framesWritten, IOException writeFailure, boolean stalled) {
    }

    /** One DATA frame, whatever the windows say (tracked, so that {@link #sendBody} stays within them). */
    RawH2Client data(int streamId, byte[] bytes, boolean endStream) throws IOException {
        connectionSendWindow -= bytes.length;
        streamSendWindows.put(streamId, streamSendWindow(streamId) - bytes.length);
        return send(Frames.data(streamId, bytes, endStream));
    }

    long streamSendWindow(int streamId) {
        return streamSendWindows.getOrDefault(streamId, initialStreamSendWindow);
    }

    long connectionSendWindow() {
        return connectionSendWindow;
    }

    // ---- reading

    /** The next frame matching {@code wanted}, kept or read; fails (listing what was seen) when none comes. */
    Frame awaitFrame(Predicate<Frame> wanted, String what) throws IOException {
        for (Iterator<Frame> kept = unread.iterator(); kept.hasNext(); ) {
            Frame frame = kept.next();
            if (wanted.test(frame)) {
                kept.remove();
                return frame;
            }
        }
        while (true) {
            Frame frame;
            try {
                frame = readFrame();
            } catch (SocketTimeoutException timeout) {
                throw new AssertionError("no " + what + " within the read timeout; seen: " + seen, timeout);
            } catch (EOFException | SocketException closed) {
                throw new AssertionError("connection closed (" + closed + ") before " + what + "; seen: " + seen,
                        closed);
            }
            if (wanted.test(frame)) {
                return frame;
            }
            unread.add(frame);
        }
    }

    Frame awaitFrame(int type) throws IOException {
        return awaitFrame(f -> f.is(type), Frame.typeName(type));
    }

    /** The GOAWAY frame the server sends (its error code and last stream id). */
    Frame awaitGoAway() throws IOException {
        return awaitFrame(GOAWAY);
    }

    /** The end of stream {@code streamId}: a complete response, or a reset. */
    StreamResult awaitStream(int streamId, boolean replenish) throws IOException {
        Map<String, String> head = null;
        Map<String, String> trailers = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            Frame frame = awaitFrame(f -> f.streamId() == streamId && (f.is(HEADERS) || f.is(DATA) || f.is(RST_STREAM)),
                    "the end of stream " + streamId);
            if (frame.is(RST_STREAM)) {
                return new StreamResult(head, body.toByteArray(), trailers, frame.errorCode(), seen());
            }
            if (frame.is(HEADERS)) {
                if (head == null || head.getOrDefault(":status", "").startsWith("1")) {
                    head = frame.headers();
                } else {
                    trailers = frame.headers();
                }
            } else {
                body.writeBytes(frame.payload());
                if (replenish && frame.payload().length > 0 && !frame.endsStream()) {
                    replenish = grant(streamId, frame.payload().length);
                }
            }
            if (frame.endsStream()) {
                return new StreamResult(head, body.toByteArray(), trailers, -1, seen());
            }
        }
    }

    /**
     * Gives back {@code bytes} of window on the connection and the stream; false when the server has closed the
     * connection. That is no failure yet: it may have sent the rest of the stream before closing (at shutdown), and
     * the reads that follow tell.
     */
    private boolean grant(int streamId, int bytes) {
        try {
            send(Frames.concat(Frames.windowUpdate(0, bytes), Frames.windowUpdate(streamId, bytes)));
            return true;
        } catch (IOException closed) {
            seen.add("(WINDOW_UPDATE not sent: " + closed + ")");
            return false;
        }
    }

    /** The response on {@code streamId}; fails when the stream is reset instead. */
    StreamResult awaitResponse(int streamId) throws IOException {
        StreamResult result = awaitStream(streamId, true);
        if (result.reset()) {
            throw new AssertionError("stream " + streamId + " was reset: " + result);
        }
        return result;
    }

    /** The error code of the RST_STREAM ending {@code streamId}; fails when the stream ends with a response. */
    long awaitRst(int streamId) throws IOException {
        StreamResult result = awaitStream(streamId, true);
        if (!result.reset()) {
            throw new AssertionError("stream " + streamId + " was answered, not reset: " + result);
        }
        return result.resetCode();
    }

    /**
     * True when the server closes the connection (end of stream or reset) within a few read timeouts, reading and
     * keeping whatever frames come first; false when it keeps the connection open.
     */
    boolean isClosed() throws IOException {
        if (closedByServer) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3L * socket.getSoTimeout());
        try {
            while (System.nanoTime() < deadline) {
                unread.add(readFrame());
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (EOFException | SocketException closed) {
            return true;
        }
    }

    /**
     * A PING round trip: once its acknowledgement is read, so is everything the server sent before it, and nothing
     * unread is waiting (what {@link #flood} with {@code untilAnswered} relies on).
     */
    RawH2Client sync() throws IOException {
        long opaque = System.nanoTime();
        send(Frames.ping(opaque));
        awaitFrame(f -> f.is(PING) && f.hasFlag(ACK) && java.nio.ByteBuffer.wrap(f.payload()).getLong() == opaque,
                "the PING acknowledgement");
        return this;
    }

    /** Every frame read so far, in order. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    private Frame readFrame() throws IOException {
        Frame frame;
        try {
            frame = reader.read();
        } catch (EOFException | SocketException closed) {
            closedByServer = true;
            throw closed;
        }
        seen.add(frame.toString());
        answer(frame);
        return frame;
    }

    /** What every peer must do: acknowledge SETTINGS and PING; and track the windows the server grants. */
    private void answer(Frame frame) throws IOException {
        if (frame.is(SETTINGS) && !frame.hasFlag(ACK)) {
            long window = frame.setting(SETTINGS_INITIAL_WINDOW_SIZE);
            if (window >= 0) {
                long delta = window - initialStreamSendWindow;
                streamSendWindows.replaceAll((id, old) -> old + delta);
                initialStreamSendWindow = window;
            }
            send(Frames.settingsAck());
        } else if (frame.is(PING) && !frame.hasFlag(ACK)) {
            send(Frames.frame(PING, ACK, 0, frame.payload()));
        } else if (frame.is(WINDOW_UPDATE)) {
            if (frame.streamId() == 0) {
                connectionSendWindow += frame.windowIncrement();
            } else {
                streamSendWindows.put(frame.streamId(), streamSendWindow(frame.streamId()) + frame.windowIncrement());
            }
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing to unblock a stalled write; the test reports the stall
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
