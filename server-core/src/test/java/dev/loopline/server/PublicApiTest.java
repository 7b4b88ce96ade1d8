package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.ApiDocs;
import dev.loopline.testsupport.PublicApi;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md: a user reads the public package and knows the whole API. The module exports that package and
 * nothing else, and no public signature in it names a Netty, AsyncHttpClient, JUnit or internal type.
 */
class PublicApiTest {

    static final List<String> FORBIDDEN = List.of("io.netty.", "org.asynchttpclient.", "org.junit.",
            "dev.loopline.server.internal.");

    @Test
    void theModuleExportsOnlyThePublicPackage() throws Exception {
        ModuleDescriptor module = PublicApi.descriptorOf(Handler.class);
        assertEquals("dev.loopline.server", module.name());
        assertFalse(module.isOpen(), "an open module would let reflection into the internals");
        Set<String> exports = module.exports().stream().map(export -> export.source() + export.targets())
                .collect(Collectors.toSet());
        assertEquals(Set.of("dev.loopline.server[]"), exports, "exports (package[qualified targets])");
        assertEquals(Set.of(), module.opens(), "opens");
    }

    @Test
    void noPublicSignatureNamesANettyAsyncHttpClientJUnitOrInternalType() throws Exception {
        List<Class<?>> types = PublicApi.publicTypesOf(Handler.class);
        assertTrue(types.size() >= 15, "found only " + types);
        assertTrue(types.contains(ServerStats.BlockedEpisode.class), "nested public types are checked too");
        List<String> leaks = PublicApi.mentions(types, FORBIDDEN);
        assertTrue(leaks.isEmpty(), "forbidden types in the public API:\n" + String.join("\n", leaks));
    }

    /** Every place a signature can hide a type, each naming a Netty type, to prove the check finds them. */
    @SuppressWarnings("unused")
    public static class Probe<B extends ByteBuf> {
        public List<? super Channel> wildcard;
        public Map<String, List<ByteBuf[]>>[] nested;

        public Probe(Supplier<? extends Channel> parameter) {
        }

        public <T extends Comparable<T> & Supplier<ByteBuf>> void methodTypeVariable(T value) {
        }

        public void exception() throws ChannelException {
        }

        protected Channel protectedResult() {
            return null;
        }

        public org.junit.jupiter.api.TestInfo junit() {
            return null;
        }

        private ByteBuf privateOnesAreNotApi() {
            return null;
        }
    }

    @Test
    void theCheckFindsTypesInEveryPartOfASignature() {
        List<String> leaks = PublicApi.mentions(List.of(Probe.class), FORBIDDEN);
        List<String> expected = List.of(
                "Probe <B> bound: io.netty.buffer.ByteBuf",
                "Probe.wildcard type argument bound: io.netty.channel.Channel",
                "Probe.nested type argument type argument: io.netty.buffer.ByteBuf",
                "Probe.<init> parameter type argument bound: io.netty.channel.Channel",
                "Probe.methodTypeVariable <T> bound type argument: io.netty.buffer.ByteBuf",
                "Probe.exception throws: io.netty.channel.ChannelException",
                "Probe.protectedResult returns: io.netty.channel.Channel",
                "Probe.junit returns: org.junit.jupiter.api.TestInfo");
        for (String leak : expected) {
            assertTrue(leaks.stream().anyMatch(found -> found.endsWith(leak)), leak + " not in " + leaks);
        }
        assertTrue(leaks.stream().noneMatch(found -> found.contains("privateOnesAreNotApi")), leaks.toString());
    }

    @Test
    void everyPublicTypeAndMemberHasADocComment() throws Exception {
        List<String> missing = ApiDocs.undocumented(Path.of("src/main/java"), "dev.loopline.server");
        assertTrue(missing.isEmpty(), "public elements without a doc comment:\n" + String.join("\n", missing));
    }

    @Test
    void theDocCheckFindsEveryKindOfUndocumentedElement(@TempDir Path sources) throws Exception {
        Path directory = Files.createDirectories(sources.resolve("probe"));
        Files.writeString(directory.resolve("Probe.java"), String.join("\n",
                "package probe;",
                "public class Probe {",
                "    public static final int CONSTANT = 1;",
                "    /** Documented. */ public Probe() { }",
                "    protected void hook() { }",
                "    /** Documented. */ public void documented() { }",
                "    @Override public String toString() { return \"inherits its comment\"; }",
                "    void packagePrivate() { }",
                "    private void hidden() { }",
                "    public interface Nested { void implicitlyPublic(); }",
                "    public enum Kind { FIRST }",
                "    static class NotVisible { public void notApi() { } }",
                "}"));
        assertEquals(List.of("Probe.java:2 Probe", "Probe.java:3 Probe.CONSTANT", "Probe.java:5 Probe.hook()",
                        "Probe.java:10 Nested", "Probe.java:10 Nested.implicitlyPublic()", "Probe.java:11 Kind",
                        "Probe.java:11 Kind.FIRST"),
                ApiDocs.undocumented(sources, "probe"));
    }
}
