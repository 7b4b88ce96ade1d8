package dev.loopline.server.reliability.soak;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The load of the soak run (scripts/soak.sh): client threads on loopback, each repeating a random mix of
 * keep-alive, pipelined, offloaded, late, bad, reset and one-shot requests until the time is up. Every response
 * must be the one its scenario expects (503 counts as shed load where a pool may be full).
 *
 * <p>Usage: {@code SoakLoad <port> <seconds> <threads>}; prints the counts and exits 1 on an unexpected answer.
 */
public final class SoakLoad {

    private static final String[] SCENARIOS = {
        "keep-alive", "echo", "cpu", "blocking", "late", "pipelined", "bad", "reset-mid-response",
        "reset-mid-request", "one-shot",
    };
    private static final String GET = "GET %s HTTP/1.1\r\nHost: soak\r\n\r\n";

    private final int port;
    private final AtomicLongArray runs = new AtomicLongArray(SCENARIOS.length);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong ioErrors = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();

    private SoakLoad(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        SoakLoad load = new SoakLoad(Integer.parseInt(args[0]));
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        Thread[] threads = new Thread[Integer.parseInt(args[2])];
        for (int i = 0; i < threads.length; i++) {
            Random random = new Random(i);
            threads[i] = new Thread(() -> load.run(random, deadline), "soak-load-" + i);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] counts = new long[SCENARIOS.length];
        Arrays.setAll(counts, load.runs::get);
        System.out.printf("requests=%d shed_503=%d io_errors=%d unexpected=%d scenarios=%s%n", load.requests.get(),
                load.shed.get(), load.ioErrors.get(), load.unexpected.get(), Arrays.toString(counts));
        System.exit(load.unexpected.get() == 0 ? 0 : 1);
    }

    private void run(Random random, long deadline) {
        while (System.nanoTime() < deadline) {
            int scenario = random.nextInt(SCENARIOS.length);
            runs.incrementAndGet(scenario);
            try (RawClient client = new RawClient(port, 30_000)) {
                play(scenario, client, random);
            } catch (IOException e) {
                ioErrors.incrementAndGet();
            }
        }
    }

    private void play(int scenario, RawClient client, Random random) throws IOException {
        switch (SCENARIOS[scenario]) {
            case "keep-alive":
                for (int i = 0; i < 20; i++) {
                    expect(client.exchange(String.format(GET, "/plain")), 200, false);
                }
                break;
            case "echo": {
                String body = "e".repeat(1 + random.nextInt(8192));
                RawResponse response = client.exchange("POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body);
                expect(response, 200, false);
                if (!response.bodyText().equals(body)) {
                    unexpected.incrementAndGet();
                }
                break;
            }
            case "cpu":
                expect(client.exchange(String.format(GET, "/cpu")), 200, true);
                break;
            case "blocking":
                expect(client.exchange(String.format(GET, "/blocking")), 200, true);
                break;
            case "late":
                expect(client.exchange(String.format(GET, "/late")), 200, false);
                break;
            case "pipelined":
                client.send(String.format(GET, "/plain").repeat(5));
                for (int i = 0; i < 5; i++) {
                    expect(client.readResponse(), 200, false);
                }
                break;
            case "bad":
                expect(client.exchange("POST /x HTTP/1.1\r\nHost: soak\r\nContent-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + String.format(GET, "/smuggled")), 400, false);
                break;
            case "reset-mid-response":
                client.send(String.format(GET, "/big"));
                client.socket().getInputStream().readNBytes(1024);
                reset(client);
                break;
            case "reset-mid-request":
                client.send("POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 100\r\n\r\nabc");
                reset(client);
                break;
            default: // one-shot
                expect(client.exchange("GET /plain HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n"), 200, false);
                break;
        }
    }

    private void expect(RawResponse response, int status, boolean mayBeShed) {
        requests.incrementAndGet();
        if (response.status() == status) {
            return;
        }
        if (mayBeShed && response.status() == 503) {
            shed.incrementAndGet();
            return;
        }
        unexpected.incrementAndGet();
        System.out.println("unexpected: " + response);
    }

    private static void reset(RawClient client) throws IOException {
        client.socket().setSoLinger(true, 0);
        client.close();
    }
}
