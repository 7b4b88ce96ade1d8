package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.ApiDocs;
import dev.loopline.testsupport.PublicApi;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Routing sees only server-core's public API: no class of this module, internal ones included, names Netty. Its
 * own module exports only its public package, whose signatures name no Netty, AsyncHttpClient, JUnit or internal
 * type.
 */
class NoNettyInRoutingTest {

    @Test
    void theModuleExportsOnlyThePublicPackage() throws Exception {
        ModuleDescriptor module = PublicApi.descriptorOf(Router.class);
        assertEquals("dev.loopline.routing", module.name());
        assertFalse(module.isOpen());
        Set<String> exports = module.exports().stream().map(export -> export.source() + export.targets())
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.loopline.routing[]"), exports, "exports (package[qualified targets])");
        assertEquals(Set.of(), module.opens(), "opens");
    }

    @Test
    void noPublicSignatureNamesANettyAsyncHttpClientJUnitOrInternalType() throws Exception {
        List<Class<?>> types = PublicApi.publicTypesOf(Router.class);
        assertTrue(types.size() >= 10, "found only " + types);
        List<String> leaks = PublicApi.mentions(types, List.of("io.netty.", "org.asynchttpclient.", "org.junit.",
                "dev.loopline.server.internal.", "dev.loopline.routing.internal."));
        assertTrue(leaks.isEmpty(), "forbidden types in the public API:\n" + String.join("\n", leaks));
    }

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

    @Test
    void everyPublicTypeAndMemberHasADocComment() throws Exception {
        List<String> missing = ApiDocs.undocumented(Path.of("src/main/java"), "dev.loopline.routing");
        assertTrue(missing.isEmpty(), "public elements without a doc comment:\n" + String.join("\n", missing));
    }
}
