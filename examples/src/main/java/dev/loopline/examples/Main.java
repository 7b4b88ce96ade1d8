package dev.loopline.examples;

import ch.qos.logback.classic.LoggerContext;
import dev.loopline.examples.chat.ChatService;
import dev.loopline.examples.cpu.CpuService;
import dev.loopline.examples.files.FilesService;
import dev.loopline.examples.gateway.GatewayService;
import dev.loopline.examples.hello.HelloService;
import dev.loopline.examples.rest.RestService;
import dev.loopline.examples.streaming.StreamingService;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/** Runs one example: {@code java -jar loopline-examples.jar NAME [--host H] [--port N] [options]}. */
public final class Main {

    private static final List<String> EXAMPLES = List.of("chat", "cpu", "files", "gateway", "hello", "rest",
            "streaming");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Netty's JFR allocation events cost a quarter of a second of start-up to register and only matter while
        // a flight recording runs: off unless asked for (-Dio.netty.jfr.enabled=true).
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        if (args.length == 0 || !EXAMPLES.contains(args[0])) {
            System.err.println("usage: java -jar loopline-examples.jar NAME [--host H] [--port N] [options]");
            System.err.println("examples: " + String.join(", ", EXAMPLES));
            System.exit(2);
        }
        // The hook is in place before the server listens, so a SIGTERM at any moment after that is graceful.
        AtomicReference<RunningExample> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            RunningExample example = running.get();
            if (example != null) {
                example.close(); // Ctrl-C or SIGTERM: drain, finish requests in flight, then close the resources
            }
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
                ((LoggerContext) LoggerFactory.getILoggerFactory()).stop(); // flushes the asynchronous appender
            }
            stopped.countDown();
        }, "shutdown"));
        try {
            running.set(start(args[0], ExampleOptions.parse(args, 1)));
        } catch (IllegalArgumentException badOption) {
            System.err.println(badOption.getMessage()); // a bad option or config value, named by the message
            System.exit(2);
        }
        stopped.await();
    }

    /**
     * A switch rather than a map of method references: start-up then loads only the example it runs, and spins no
     * lambda class per example.
     */
    private static RunningExample start(String name, ExampleOptions options) {
        switch (name) {
            case "hello":
                return HelloService.start(options);
            case "rest":
                return RestService.start(options);
            case "cpu":
                return CpuService.start(options);
            case "gateway":
                return GatewayService.start(options);
            case "streaming":
                return StreamingService.start(options);
            case "files":
                return FilesService.start(options);
            case "chat":
                return ChatService.start(options);
            default:
                throw new IllegalArgumentException("no example named " + name);
        }
    }
}
