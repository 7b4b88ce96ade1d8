package dev.loopline.loadtest.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many keep-alive connections that each made one request and then stay open and quiet: what a server holds for
 * idle clients (memory, threads). Plain blocking sockets; nothing is sent after the first answer.
 */
public final class IdleConnections implements AutoCloseable {

    private final List<SocketChannel> open = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failed = new AtomicInteger();

    private IdleConnections() {
    }

    /** Opens up to {@code count} connections with {@code parallelism} threads, giving up after {@code timeLimit}. */
    public static IdleConnections open(String host, int port, int count, int parallelism, Duration timeLimit)
            throws InterruptedException {
        byte[] request = ("GET /plaintext HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return open(host, port, request, "HTTP/1.1 200", count, parallelism, timeLimit);
    }

    /**
     * Opens up to {@code count} WebSocket sessions on {@code path} (each answered 101, then quiet), with
     * {@code parallelism} threads, giving up after {@code timeLimit}.
     */
    public static IdleConnections openWebSockets(String host, int port, String path, int count, int parallelism,
                                                 Duration timeLimit) throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return open(host, port, request, "HTTP/1.1 101", count, parallelism, timeLimit);
    }

    private static IdleConnections open(String host, int port, byte[] request, String expectedStatus, int count,
                                        int parallelism, Duration timeLimit) throws InterruptedException {
        IdleConnections idle = new IdleConnections();
        long deadline = System.nanoTime() + timeLimit.toNanos();
        AtomicInteger next = new AtomicInteger();
        ExecutorService openers = Executors.newFixedThreadPool(parallelism);
        for (int t = 0; t < parallelism; t++) {
            openers.execute(() -> {
                while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
                    idle.openOne(new InetSocketAddress(host, port), request, expectedStatus);
                }
            });
        }
        openers.shutdown();
        openers.awaitTermination(timeLimit.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        return idle;
    }

    private void openOne(InetSocketAddress address, byte[] request, String expectedStatus) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(address);
            channel.write(ByteBuffer.wrap(request));
            if (readsOneResponse(channel, expectedStatus)) {
                open.add(channel);
                return;
            }
        } catch (IOException e) {
            // counted below: a refused or reset connection is a result of this scenario, not a crash
        }
        failed.incrementAndGet();
        closeQuietly(channel);
    }

    /** Reads one response with a Content-Length body (or none); true when its status line starts as expected. */
    private static boolean readsOneResponse(SocketChannel channel, String expectedStatus) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            int bodyLength = contentLength(text.substring(0, headerEnd));
            if (buffer.position() >= headerEnd + 4 + bodyLength) {
                return text.startsWith(expectedStatus);
            }
        }
        return false;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    public int openCount() {
        return open.size();
    }

    public int failedCount() {
        return failed.get();
    }

    @Override
    public void close() {
        synchronized (open) {
            open.forEach(IdleConnections::closeQuietly);
            open.clear();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing at the end of the scenario: nothing left to do with this connection
        }
    }
}
