package dev.loopline.server.internal;

import dev.loopline.server.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's {@link SslContext} from a {@link TlsConfig}: reads and checks the key material (so that a bad
 * file fails the start naming the file and the problem, whichever engine runs), picks the engine, and sets the
 * protocols, the cipher list and ALPN.
 */
final class TlsContexts {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    /**
     * The protocols offered by ALPN, most preferred first: h2, then HTTP/1.1 ({@link #HTTP1_ONLY} when HTTP/2 is off).
     * {@link Http2Connections}'s ALPN switch picks the pipeline by the protocol chosen.
     */
    static final List<String> ALPN = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
    static final List<String> HTTP1_ONLY = List.of(ApplicationProtocolNames.HTTP_1_1);

    /** The context and the engine that runs it ({@code OpenSSL} or {@code JDK}), for the start line. */
    record Built(SslContext context, String engine) {
    }

    private TlsContexts() {
    }

    /**
     * The server context for {@code config}.
     *
     * @throws IllegalArgumentException naming the file and the problem when the key material cannot be used
     * @throws IllegalStateException when the OpenSSL engine is asked for but is not available
     */
    static Built build(TlsConfig config, List<String> alpn) {
        KeyMaterial keys = config.keyStore() != null ? fromPkcs12(config.keyStore(), config.keyStorePassword())
                : fromPem(config.certificateChain(), config.privateKey(), config.keyPassword());
        checkKeyMatches(keys);
        warnIfNotValidNow(keys);
        boolean openSsl = switch (config.engine()) {
            case JDK -> false;
            case AUTO -> OpenSsl.isAvailable();
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("TLS engine OPENSSL is not available (add "
                            + "io.netty:netty-tcnative-boringssl-static for this platform): "
                            + OpenSsl.unavailabilityCause());
                }
                yield true;
            }
        };
        java.io.File trusted = null;
        if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
            checkReadable(config.trustedCertificates(), "trusted certificates");
            trusted = config.trustedCertificates().toFile();
        }
        try {
            SslContext context = SslContextBuilder.forServer(keys.key, keys.chain)
                    .clientAuth(switch (config.clientAuth()) {
                        case NONE -> ClientAuth.NONE;
                        case OPTIONAL -> ClientAuth.OPTIONAL;
                        case REQUIRED -> ClientAuth.REQUIRE;
                    })
                    .trustManager(trusted)
                    .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols(config.protocols())
                    .ciphers(config.ciphers(), SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn))
                    .build();
            return new Built(context, openSsl ? "OpenSSL" : "JDK");
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("TLS: cannot use the key and certificate of " + keys.source
                    + (trusted == null ? "" : " with the trusted certificates " + trusted) + ": " + e.getMessage(), e);
        }
    }

    private record KeyMaterial(PrivateKey key, X509Certificate[] chain, String source, Path keyFile, Path certFile) {
    }

    private static KeyMaterial fromPem(Path chainFile, Path keyFile, String password) {
        checkReadable(chainFile, "certificate chain");
        checkReadable(keyFile, "private key");
        X509Certificate[] chain;
        try (InputStream in = Files.newInputStream(chainFile)) {
            chain = PemFiles.certificates(in);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw bad(chainFile, "certificate chain", "not a PEM X.509 certificate chain (" + e.getMessage() + ")", e);
        }
        if (chain.length == 0) {
            throw bad(chainFile, "certificate chain", "holds no certificate", null);
        }
        PrivateKey key;
        try (InputStream in = Files.newInputStream(keyFile)) {
            key = PemFiles.privateKey(in, password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String problem = password != null ? "wrong password, or not a PKCS#8 PEM private key"
                    : "not an unencrypted PKCS#8 PEM private key (an encrypted one needs its password)";
            throw bad(keyFile, "private key", problem + " (" + e.getMessage() + ")", e);
        }
        return new KeyMaterial(key, chain, chainFile + " and " + keyFile, keyFile, chainFile);
    }

    private static KeyMaterial fromPkcs12(Path file, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        checkReadable(file, "PKCS#12 keystore");
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw bad(file, "PKCS#12 keystore", wrongPassword ? "wrong password" : "unreadable (" + e.getMessage()
                    + ")", e);
        } catch (GeneralSecurityException e) {
            throw bad(file, "PKCS#12 keystore", "unreadable (" + e.getMessage() + ")", e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Key key = store.getKey(alias, secret);
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (key instanceof PrivateKey && chain != null && chain.length > 0) {
                        X509Certificate[] x509 = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
                        return new KeyMaterial((PrivateKey) key, x509, file.toString(), file, file);
                    }
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw bad(file, "PKCS#12 keystore", "wrong password for its key", e);
        } catch (GeneralSecurityException | ArrayStoreException e) {
            throw bad(file, "PKCS#12 keystore", "unreadable key entry (" + e.getMessage() + ")", e);
        }
        throw bad(file, "PKCS#12 keystore", "holds no private key with an X.509 certificate chain", null);
    }

    private static void checkReadable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw bad(file, what, Files.exists(file) ? "not a readable file" : "no such file", null);
        }
    }

    /** The key must be the certificate's: a test signature made with it must verify with the certificate. */
    private static void checkKeyMatches(KeyMaterial keys) {
        String algorithm = switch (keys.key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> keys.key.getAlgorithm();
            case "RSASSA-PSS" -> null; // needs parameters; the engine checks it
            default -> throw bad(keys.keyFile, "private key", "unsupported key type " + keys.key.getAlgorithm()
                    + " (use RSA, EC or EdDSA)", null);
        };
        if (algorithm == null) {
            return;
        }
        boolean matches;
        try {
            byte[] probe = "loopline key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(keys.key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(keys.chain[0].getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw bad(keys.keyFile, "private key", "does not match the certificate "
                    + keys.chain[0].getSubjectX500Principal().getName() + " in " + keys.certFile, null);
        }
    }

    private static void warnIfNotValidNow(KeyMaterial keys) {
        X509Certificate leaf = keys.chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            log.warn("TLS certificate in {} expired on {}: clients will refuse it", keys.certFile, leaf.getNotAfter());
        } catch (CertificateNotYetValidException e) {
            log.warn("TLS certificate in {} is not valid before {}: clients will refuse it until then", keys.certFile,
                    leaf.getNotBefore());
        }
    }

    private static IllegalArgumentException bad(Path file, String what, String problem, Throwable cause) {
        return new IllegalArgumentException("TLS " + what + " " + file + ": " + problem, cause);
    }

    /** Netty's PEM readers (protected in {@link SslContext}): PKCS#8 keys, encrypted or not, and certificates. */
    private abstract static class PemFiles extends SslContext {
        static X509Certificate[] certificates(InputStream in) throws GeneralSecurityException {
            return toX509Certificates(in);
        }

        static PrivateKey privateKey(InputStream in, String password) throws GeneralSecurityException, IOException {
            return toPrivateKey(in, password);
        }
    }
}
