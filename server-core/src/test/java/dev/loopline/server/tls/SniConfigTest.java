package dev.loopline.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.SniCertificate;
import dev.loopline.server.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SNI part of {@link TlsConfig}: names, validation, the accessor, equality and printing. No sockets. */
class SniConfigTest {

    private static final Path CHAIN = Path.of("default-chain.pem");
    private static final Path KEY = Path.of("default-key.pem");

    private static TlsConfig.Builder tls() {
        return TlsConfig.builder().pem(CHAIN, KEY);
    }

    @Test
    void namesAreKeptInLowerCaseInTheOrderGivenAndTheDefaultStaysTheDefault() {
        TlsConfig config = tls()
                .sniPem("API.Example.com", Path.of("api.pem"), Path.of("api-key.pem"))
                .sniPem("*.Shop.example.com", Path.of("shop.pem"), Path.of("shop-key.pem"), "s3cret")
                .sniPkcs12("bücher.example", Path.of("books.p12"), "hunter2")
                .build();
        assertEquals(CHAIN, config.certificateChain());
        List<SniCertificate> sni = config.sniCertificates();
        assertEquals(List.of("api.example.com", "*.shop.example.com", "xn--bcher-kva.example"),
                sni.stream().map(SniCertificate::serverName).toList());
        assertEquals(Path.of("api.pem"), sni.get(0).certificateChain());
        assertEquals(Path.of("api-key.pem"), sni.get(0).privateKey());
        assertEquals("s3cret", sni.get(1).keyPassword());
        assertTrue(sni.get(1).isWildcard());
        assertEquals(Path.of("books.p12"), sni.get(2).keyStore());
        assertEquals("hunter2", sni.get(2).keyStorePassword());
        assertThrows(UnsupportedOperationException.class, () -> sni.remove(0), "the list is immutable");
        assertTrue(tls().build().sniCertificates().isEmpty(), "none by default");
    }

    @Test
    void aWildcardMatchesExactlyOneLabelAndNamesMatchIgnoringCase() {
        SniCertificate wildcard = tls().sniPem("*.example.com", CHAIN, KEY).build().sniCertificates().get(0);
        assertTrue(wildcard.matches("api.example.com"));
        assertTrue(wildcard.matches("API.EXAMPLE.COM"));
        assertFalse(wildcard.matches("example.com"));
        assertFalse(wildcard.matches("a.b.example.com"));
        assertFalse(wildcard.matches("apiexample.com"));
        assertFalse(wildcard.matches(null));
        SniCertificate exact = tls().sniPem("api.example.com", CHAIN, KEY).build().sniCertificates().get(0);
        assertTrue(exact.matches("Api.Example.Com"));
        assertFalse(exact.matches("www.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "*", "*.", "*.com", "a.*.example.com", "*.*.example.com", "api*.example.com",
        "a..example.com", ".example.com", "example.com.", "-api.example.com", "api-.example.com",
        "under_score.example.com", "10.0.0.1", "::1", "[::1]", "example.com:443", "https://example.com",
        "api.example.123"})
    void aNameThatIsNoHostNameOrOneLabelWildcardIsRefusedNamingTheField(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tls().sniPem(name, CHAIN, KEY));
        assertTrue(e.getMessage().startsWith("TlsConfig.sniPem.serverName must be a host name"), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + name + "\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tls().sniPkcs12(name, CHAIN, null));
        assertTrue(e.getMessage().startsWith("TlsConfig.sniPkcs12.serverName"), e.getMessage());
    }

    @Test
    void aLabelOfSixtyFourCharactersIsRefusedAndOneOfSixtyThreeIsNot() {
        String label = "a".repeat(63);
        tls().sniPem(label + ".example.com", CHAIN, KEY);
        assertThrows(IllegalArgumentException.class, () -> tls().sniPem(label + "a.example.com", CHAIN, KEY));
    }

    @Test
    void aNameGivenTwiceInAnyCaseIsRefusedAndNullsAreNamed() {
        TlsConfig.Builder builder = tls().sniPem("api.example.com", CHAIN, KEY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.sniPkcs12("API.example.com", Path.of("other.p12"), null));
        assertEquals("TlsConfig.sniPkcs12.serverName is given twice (was api.example.com)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.sniPem(null, CHAIN, KEY));
        e = assertThrows(IllegalArgumentException.class, () -> builder.sniPem("www.example.com", null, KEY));
        assertTrue(e.getMessage().startsWith("TlsConfig.sniPem.certificateChain"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> builder.sniPem("www.example.com", CHAIN, null));
        assertTrue(e.getMessage().startsWith("TlsConfig.sniPem.privateKey"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> builder.sniPkcs12("www.example.com", null, "x"));
        assertTrue(e.getMessage().startsWith("TlsConfig.sniPkcs12.keyStore"), e.getMessage());
        assertEquals(1, builder.build().sniCertificates().size(), "refused names are not added");
    }

    @Test
    void sniCertificatesTakePartInEqualityAndPrintTheirPasswordsAsStars() {
        TlsConfig one = tls().sniPem("api.example.com", CHAIN, KEY, "hunter2")
                .sniPkcs12("*.example.org", Path.of("org.p12"), "swordfish").build();
        TlsConfig same = tls().sniPem("API.example.com", CHAIN, KEY, "hunter2")
                .sniPkcs12("*.example.org", Path.of("org.p12"), "swordfish").build();
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertEquals(one.sniCertificates().get(1), same.sniCertificates().get(1));
        assertNotEquals(one, tls().sniPem("api.example.com", CHAIN, KEY, "hunter2").build());
        assertNotEquals(one, tls().build());

        String printed = one.toString();
        assertTrue(printed.contains("sniCertificates=[SniCertificate[serverName=api.example.com, certificateChain="
                + CHAIN + ", privateKey=" + KEY + ", keyPassword=****]"), printed);
        assertTrue(printed.contains("SniCertificate[serverName=*.example.org, keyStore=org.p12, "
                + "keyStorePassword=****]"), printed);
        assertFalse(printed.contains("hunter2") || printed.contains("swordfish"), printed);
    }

    @Test
    void toBuilderKeepsEveryValueIncludingTheSniCertificates() {
        TlsConfig config = tls().sniPem("api.example.com", CHAIN, KEY).clientAuth(TlsConfig.ClientAuth.OPTIONAL,
                Path.of("ca.pem")).protocols("TLSv1.3").engine(TlsConfig.Engine.JDK).build();
        assertEquals(config, config.toBuilder().build());
        TlsConfig more = config.toBuilder().sniPem("www.example.com", CHAIN, KEY).build();
        assertEquals(2, more.sniCertificates().size());
        assertEquals(1, config.sniCertificates().size(), "the original is unchanged");
        assertThrows(IllegalArgumentException.class, () -> config.toBuilder().sniPem("api.example.com", CHAIN, KEY),
                "the copied names count for duplicates");
    }
}
