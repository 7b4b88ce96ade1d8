package dev.loopline.loadtest.startup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One server whose start is timed: how its JVM is launched (a jar's Main-Class, or a class on a class path), and
 * its arguments, in which the word {@code PORT} stands for the port.
 *
 * @param name the row's name in the report
 * @param jar the jar, for {@code java -jar}; or the class path, when {@code mainClass} is present
 * @param mainClass the class to run from {@code jar} as a class path, instead of the jar's Main-Class
 * @param arguments the program's arguments
 */
record StartupTarget(String name, String jar, Optional<String> mainClass, List<String> arguments) {

    /** The reference every ratio is taken against. */
    static final String NETTY_RAW = "netty-raw";

    /** Loopline's hello example from the examples jar, as its README starts it. */
    static StartupTarget looplineHello(Path examplesJar) {
        return new StartupTarget("loopline-hello", examplesJar.toString(), Optional.empty(),
                List.of("hello", "--host", "127.0.0.1", "--port", "PORT"));
    }

    /** Another build of the examples jar (say, before a change), as a row of its own. */
    static StartupTarget looplineHelloBaseline(Path examplesJar) {
        return new StartupTarget("loopline-hello-baseline", examplesJar.toString(), Optional.empty(),
                List.of("hello", "--host", "127.0.0.1", "--port", "PORT"));
    }

    /** Netty's own hello-world HTTP server ({@link MinimalNettyServer}). */
    static StartupTarget nettyRaw(String classpath) {
        return new StartupTarget(NETTY_RAW, classpath, Optional.of(MinimalNettyServer.class.getName()),
                List.of("PORT"));
    }

    /** A minimal Vert.x 5 server ({@link MinimalVertxServer}). */
    static StartupTarget vertx(String classpath) {
        return new StartupTarget("vertx", classpath, Optional.of(MinimalVertxServer.class.getName()),
                List.of("PORT"));
    }

    /** {@code java [flags] (-jar JAR | -cp JAR MAIN) ARGS}. */
    List<String> command(Path java, List<String> jvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags);
        if (mainClass.isPresent()) {
            command.addAll(List.of("-cp", jar, mainClass.get()));
        } else {
            command.addAll(List.of("-jar", jar));
        }
        command.addAll(arguments);
        return command;
    }

    /** The arguments of {@code scripts/appcds.sh} that train an archive for this server in {@code mode}. */
    List<String> appCdsArguments(StartMode mode, Path java, Path archive) {
        List<String> args = new ArrayList<>(mode.trainingFlags());
        args.addAll(List.of("--java", java.toString(), "--jar", jar, "--archive", archive.toString()));
        mainClass.ifPresent(main -> args.addAll(List.of("--main", main)));
        args.add("--");
        args.addAll(arguments);
        return args;
    }
}
