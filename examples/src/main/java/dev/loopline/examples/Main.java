package dev.loopline.examples;

import dev.loopline.examples.hello.HelloService;
import dev.loopline.server.HttpServer;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** Runs one example: {@code java -jar loopline-examples.jar NAME [--host H] [--port N] [options]}. */
public final class Main {

    private static final Map<String, Function<ExampleOptions, HttpServer>> EXAMPLES = Map.of(
            "hello", HelloService::start);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || !EXAMPLES.containsKey(args[0])) {
            System.err.println("usage: java -jar loopline-examples.jar NAME [--host H] [--port N] [options]");
            System.err.println("examples: " + String.join(", ", EXAMPLES.keySet().stream().sorted().toList()));
            System.exit(2);
        }
        ExampleOptions options;
        try {
            options = ExampleOptions.parse(args, 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        HttpServer server = EXAMPLES.get(args[0]).apply(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // Ctrl-C: finish requests in flight, then stop
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
