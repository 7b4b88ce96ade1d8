package dev.loopline.testsupport;

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
 * The client process of the 10 000-connection tests (event streams, WebSocket sessions): opens N connections on one
 * selector thread, each sending the request of its kind, prints {@code OPEN N} once every connection has its response
 * head (200 or 101), then {@code GOT N} each time every connection has received the broadcast marker once more, and
 * exits when its standard input closes. A separate process, because 10 000 connections and their server do not fit
 * one process's descriptor limit here.
 *
 * <p>Arguments: port, count, and {@code events} (GET /events, marker {@code data: broadcast}) or {@code websocket}
 * (an upgrade of GET /ws, marker {@code broadcast} in a text frame).
 */
public final class BroadcastClients {

    private static final byte[] EVENTS_REQUEST = "GET /events HTTP/1.1\r\nHost: a\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBSOCKET_REQUEST = ("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private BroadcastClients() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        boolean websocket = args[2].equals("websocket");
        byte[] request = websocket ? WEBSOCKET_REQUEST : EVENTS_REQUEST;
        byte[] marker = (websocket ? "broadcast" : "data: broadcast").getBytes(StandardCharsets.US_ASCII);
        Selector selector = Selector.open();
        int[] markersSeen = new int[count];
        int[] matchState = new int[count];
        boolean[] headSeen = new boolean[count];
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(request));
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
                    matchState[id] = value == marker[matchState[id]] ? matchState[id] + 1 : value == marker[0] ? 1 : 0;
                    if (matchState[id] == marker.length) {
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
