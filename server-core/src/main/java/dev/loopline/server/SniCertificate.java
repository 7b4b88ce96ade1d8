package dev.loopline.server;

import java.net.IDN;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A certificate served to clients that ask for one server name by SNI (see
 * {@link TlsConfig.Builder#sniPem(String, Path, Path)} and {@link TlsConfig#sniCertificates()}): the name, and the
 * key material as PEM files or a PKCS#12 keystore, read, checked and reloaded like the default certificate. The name
 * is an exact host name or a wildcard for one label ({@code *.example.com} matches {@code api.example.com}, not
 * {@code example.com} nor {@code a.b.example.com}), kept in lower-case ASCII (an internationalised name in its
 * {@code xn--} form). Immutable; {@link #toString()} prints passwords as {@code ****}.
 */
public final class SniCertificate {

    private final String serverName;
    private final Path certificateChain;
    private final Path privateKey;
    private final String keyPassword;
    private final Path keyStore;
    private final String keyStorePassword;

    private SniCertificate(String serverName, Path certificateChain, Path privateKey, String keyPassword,
            Path keyStore, String keyStorePassword) {
        this.serverName = serverName;
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.keyPassword = keyPassword;
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
    }

    static SniCertificate pem(String serverName, Path certificateChain, Path privateKey, String keyPassword) {
        return new SniCertificate(serverName, certificateChain, privateKey, keyPassword, null, null);
    }

    static SniCertificate pkcs12(String serverName, Path keyStore, String password) {
        return new SniCertificate(serverName, null, null, null, keyStore, password);
    }

    /** The server name, lower case: a host name such as {@code api.example.com}, or {@code *.example.com}. */
    public String serverName() { return serverName; }
    /** Whether {@link #serverName()} is a one-label wildcard ({@code *.example.com}). */
    public boolean isWildcard() { return serverName.startsWith("*."); }
    /** The PEM file with the certificate first, then its chain; null when a keystore is used. */
    public Path certificateChain() { return certificateChain; }
    /** The PEM file with the PKCS#8 private key; null when a keystore is used. */
    public Path privateKey() { return privateKey; }
    /** The password of an encrypted PKCS#8 key, or null for an unencrypted one. */
    public String keyPassword() { return keyPassword; }
    /** The PKCS#12 keystore holding the key and its certificate chain; null when PEM files are used. */
    public Path keyStore() { return keyStore; }
    /** The PKCS#12 keystore's password (also used for its key), or null. */
    public String keyStorePassword() { return keyStorePassword; }

    /**
     * Whether a client asking for {@code hostName} gets this certificate: the same name, ignoring case, or for a
     * wildcard, any name with exactly one more label in front of its suffix.
     */
    public boolean matches(String hostName) {
        if (hostName == null) {
            return false;
        }
        String host = hostName.toLowerCase(Locale.ROOT);
        if (!isWildcard()) {
            return host.equals(serverName);
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(serverName.substring(1));
    }

    private Object[] values() {
        return new Object[] {serverName, certificateChain, privateKey, keyPassword, keyStore, keyStorePassword};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SniCertificate && Arrays.equals(values(), ((SniCertificate) other).values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    /** The name and the files; passwords print as {@code ****} (or {@code null} when there is none). */
    @Override
    public String toString() {
        String keys = keyStore != null ? "keyStore=" + keyStore + ", keyStorePassword=" + secret(keyStorePassword)
                : "certificateChain=" + certificateChain + ", privateKey=" + privateKey + ", keyPassword="
                        + secret(keyPassword);
        return "SniCertificate[serverName=" + serverName + ", " + keys + "]";
    }

    private static String secret(String password) {
        return password == null ? "null" : "****";
    }

    /**
     * {@code name} in the form kept: lower-case ASCII, or null when it is no host name (or one-label wildcard) a
     * client can send by SNI. IP addresses are refused: RFC 6066 does not let clients send them.
     */
    static String canonicalName(String name) {
        if (name == null) {
            return null;
        }
        boolean wildcard = name.startsWith("*.");
        String host;
        try {
            host = IDN.toASCII(wildcard ? name.substring(2) : name).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (host.isEmpty() || host.length() > 253 - (wildcard ? 2 : 0)) {
            return null;
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!isLabel(label)) {
                return null;
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null; // an IPv4 address, or no top-level domain
        }
        if (wildcard && labels.length < 2) {
            return null; // *.com would stand for a whole top-level domain
        }
        return wildcard ? "*." + host : host;
    }

    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
