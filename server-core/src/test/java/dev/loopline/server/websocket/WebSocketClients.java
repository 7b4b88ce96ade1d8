package dev.loopline.server.websocket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The client process of {@link ManyWebSocketsTest}: opens N WebSocket sessions on one selector thread, prints
 * {@code OPEN N} once every session has its 101, then {@code GOT N} each time every session has received the marker
 * message once more, and exits when its standard input closes. A separate process, because 10 000 connections and
 * their server do not fit one process's descriptor limit here.
 */
public final class WebSocketClients {

    private static final byte[] REQUEST = ("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARKER = "broadcast".getBytes(StandardCharsets.US_ASCII);

    private WebSocketClients() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        Selector selector = Selector.open();
        int[] markersSeen = new int[count];
        int[] matchState = new int[count];
        boolean[] headSeen = new boolean[count];
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(REQUEST));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, i);
        }
        Thread stdin = new Thread(() -> {
            try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            } catch (IOException ignored) {
                // the test has gone: so do we
            }
            System.exit(0);
        }, "stdin-watch");
        stdin.setDaemon(true);
        stdin.start();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int open = 0;
        int round = 1;
        int reached = 0;
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                int id = (Integer) key.attachment();
                buffer.clear();
                int n = ((SocketChannel) key.channel()).read(buffer);
                if (n < 0) {
                    System.out.println("CLOSED " + id);
                    key.cancel();
                    continue;
                }
                if (!headSeen[id]) {
                    headSeen[id] = true;
                    if (++open == count) {
                        System.out.println("OPEN " + count);
                    }
                }
                for (int b = 0; b < n; b++) {
                    byte value = buffer.get(b);
                    matchState[id] = value == MARKER[matchState[id]] ? matchState[id] + 1 : value == MARKER[0] ? 1 : 0;
                    if (matchState[id] == MARKER.length) {
                        matchState[id] = 0;
                        if (++markersSeen[id] == round) {
                            reached++;
                        }
                    }
                }
            }
            if (reached == count) {
                System.out.println("GOT " + count);
                reached = 0;
                round++;
                for (int i = 0; i < count; i++) {
                    if (markersSeen[i] >= round) {
                        reached++;
                    }
                }
            }
            System.out.flush();
        }
    }
}
