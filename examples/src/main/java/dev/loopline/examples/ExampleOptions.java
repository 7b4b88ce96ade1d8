package dev.loopline.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options shared by every example: {@code --host H --port N}, plus options an example reads
 * itself (for instance {@code --db PATH}, or {@code --upstream} given several times). Bad input stops the
 * program with a message naming the option.
 */
public record ExampleOptions(String host, int port, Map<String, List<String>> extra) {

    public ExampleOptions {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extra.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        extra = Map.copyOf(copy);
    }

    /** Options for tests: loopback, a free port, nothing else. */
    public static ExampleOptions forTest() {
        return new ExampleOptions("127.0.0.1", 0, Map.of());
    }

    /** These options with {@code --name value} added (after any earlier value of the same name). */
    public ExampleOptions with(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(extra);
        List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
        values.add(value);
        more.put(name, values);
        return new ExampleOptions(host, port, more);
    }

    /** The last value given for {@code --name}, if any. */
    public Optional<String> option(String name) {
        List<String> values = extra.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** Every value given for {@code --name}, in order. */
    public List<String> options(String name) {
        return extra.getOrDefault(name, List.of());
    }

    /** {@code --name} as an integer from {@code min} to {@code max}, or {@code defaultValue} when absent. */
    public int intOption(String name, int defaultValue, int min, int max) {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException("--" + name + " must be a number from " + min + " to " + max
                + ", got \"" + text.get() + "\"");
    }

    /** {@code --name} read as milliseconds (for options named {@code --something-ms}). */
    public Duration millisOption(String name, Duration defaultValue, Duration max) {
        return Duration.ofMillis(intOption(name, (int) defaultValue.toMillis(), 0, (int) max.toMillis()));
    }

    /** Refuses options this example does not know, so that a typo is an error rather than silently ignored. */
    public ExampleOptions requireOnly(String example, Set<String> known) {
        for (String name : extra.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " for " + example
                        + (known.isEmpty() ? "; it takes only --host and --port"
                        : "; it takes --host, --port and --" + String.join(", --", new TreeSet<>(known))));
            }
        }
        return this;
    }

    /**
     * Parses {@code --name value} pairs ({@code --tls CERT.pem KEY.pem} takes two values); {@code --host} defaults to
     * 0.0.0.0 and {@code --port} to 8080.
     */
    public static ExampleOptions parse(String[] args, int from) {
        String host = "0.0.0.0";
        int port = 8080;
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (int i = from; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || name.length() < 3) {
                throw new IllegalArgumentException("expected an option like --port, got \"" + name + "\"");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[i + 1];
            if (name.equals("--tls")) { // the one option with two values: --tls CERT.pem KEY.pem
                if (i + 2 >= args.length) {
                    throw new IllegalArgumentException("option --tls needs two values: CERT.pem KEY.pem");
                }
                extra.computeIfAbsent("tls", key -> new ArrayList<>()).addAll(List.of(value, args[i + 2]));
                i++;
                continue;
            }
            switch (name) {
                case "--host":
                    host = value;
                    break;
                case "--port":
                    port = parsePort(value);
                    break;
                default:
                    extra.computeIfAbsent(name.substring(2), key -> new ArrayList<>()).add(value);
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
