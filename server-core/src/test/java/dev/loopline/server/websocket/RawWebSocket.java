package dev.loopline.server.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that writes exactly the frames a test asks for (unmasked, reserved bits,
 * reserved opcodes, broken UTF-8) and reads the server's frames as they are. Every read has a timeout.
 */
final class RawWebSocket implements AutoCloseable {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** A frame as read: FIN, RSV bits, opcode, payload. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final String responseHead;

    private RawWebSocket(Socket socket, String responseHead) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.responseHead = responseHead;
    }

    /** Sends {@code request} (a whole request head) and reads the response head, whatever its status. */
    static RawWebSocket handshake(int port, String request) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] bytes = new byte[0];
        while (!(bytes.length >= 4 && bytes[bytes.length - 4] == '\r' && bytes[bytes.length - 3] == '\n'
                && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n')) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            bytes = head.toByteArray();
        }
        return new RawWebSocket(socket, head.toString(StandardCharsets.ISO_8859_1));
    }

    /** A valid upgrade to {@code path}, with extra header lines. */
    static RawWebSocket open(int port, String path, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        RawWebSocket ws = handshake(port, request.append("\r\n").toString());
        if (!ws.responseHead.startsWith("HTTP/1.1 101 ")) {
            ws.close();
            throw new IOException("no 101: " + ws.responseHead);
        }
        return ws;
    }

    int status() {
        return Integer.parseInt(responseHead.substring(9, 12));
    }

    /** Writes one frame: masked unless told otherwise. */
    RawWebSocket frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode & 0xf);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i & 3];
            }
        }
        frame.writeBytes(body);
        out.write(frame.toByteArray());
        out.flush();
        return this;
    }

    RawWebSocket text(String text) throws IOException {
        return frame(true, 0, 1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Reads one frame. */
    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = null;
        if ((second & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((first & 0x80) != 0, first >> 4 & 7, first & 0xf, payload);
    }

    /** Reads frames until a close frame, and returns its code. */
    int readCloseCode() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == 8) {
                return frame.closeCode();
            }
        }
    }

    /** True once the server has closed the TCP connection (after what it sent is read). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException eof) {
            return true;
        }
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
