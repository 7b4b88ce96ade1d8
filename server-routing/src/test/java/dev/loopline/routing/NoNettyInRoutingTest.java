package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Routing sees only server-core's public API: no class of this module, internal ones included, names Netty. */
class NoNettyInRoutingTest {

    @Test
    void noRoutingClassReferencesNettyOrCoreInternals() throws IOException, URISyntaxException {
        Path classes = Path.of(Router.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/loopline/routing"))) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertTrue(classFiles.size() > 10, "found the module's classes in " + classes);

        List<String> offenders = classFiles.stream().filter(file -> {
            String constants = new String(read(file), StandardCharsets.ISO_8859_1);
            return constants.contains("io/netty/") || constants.contains("dev/loopline/server/internal/");
        }).map(Path::toString).collect(Collectors.toList());
        assertEquals(List.of(), offenders);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
