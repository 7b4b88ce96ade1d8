package dev.loopline.server.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.ApiDocs;
import dev.loopline.testsupport.PublicApi;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The test kit's API may name JUnit and AsyncHttpClient (that is what it is for), but never Netty or an
 * internal type; its module exports its one package.
 */
class TestKitApiTest {

    @Test
    void theModuleExportsOnlyThePublicPackage() throws Exception {
        ModuleDescriptor module = PublicApi.descriptorOf(LooplineExtension.class);
        assertEquals("dev.loopline.server.test", module.name());
        Set<String> exports = module.exports().stream().map(export -> export.source() + export.targets())
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.loopline.server.test[]"), exports);
        assertEquals(Set.of(), module.opens());
    }

    @Test
    void noPublicSignatureNamesANettyOrInternalType() throws Exception {
        List<Class<?>> types = PublicApi.publicTypesOf(LooplineExtension.class);
        assertEquals(List.of(LoopGuardAssertions.class, LoopTimeAssertions.class, LooplineExtension.class,
                ServedBy.class), types);
        List<String> leaks = PublicApi.mentions(types, List.of("io.netty.", "dev.loopline.server.internal."));
        assertTrue(leaks.isEmpty(), "forbidden types in the public API:\n" + String.join("\n", leaks));
    }

    @Test
    void everyPublicTypeAndMemberHasADocComment() throws Exception {
        List<String> missing = ApiDocs.undocumented(Path.of("src/main/java"), "dev.loopline.server.test");
        assertTrue(missing.isEmpty(), "public elements without a doc comment:\n" + String.join("\n", missing));
    }
}
