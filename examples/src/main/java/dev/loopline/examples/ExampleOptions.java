package dev.loopline.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line options shared by every example: {@code --host H --port N}, plus options an example reads
 * itself (for instance {@code --db PATH}). Bad input stops the program with a message naming the option.
 */
public record ExampleOptions(String host, int port, Map<String, String> extra) {

    public ExampleOptions {
        extra = Map.copyOf(extra);
    }

    /** Options for tests: loopback, a free port, nothing else. */
    public static ExampleOptions forTest() {
        return new ExampleOptions("127.0.0.1", 0, Map.of());
    }

    public ExampleOptions with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(extra);
        more.put(name, value);
        return new ExampleOptions(host, port, more);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(extra.get(name));
    }

    /** Parses {@code --name value} pairs; {@code --host} defaults to 0.0.0.0 and {@code --port} to 8080. */
    public static ExampleOptions parse(String[] args, int from) {
        String host = "0.0.0.0";
        int port = 8080;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = from; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || name.length() < 3) {
                throw new IllegalArgumentException("expected an option like --port, got \"" + name + "\"");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--host":
                    host = value;
                    break;
                case "--port":
                    port = parsePort(value);
                    break;
                default:
                    extra.put(name.substring(2), value);
            }
        }
        return new ExampleOptions(host, port, extra);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, got \"" + value + "\"");
    }
}
