package dev.loopline.testsupport.protocols;

import dev.loopline.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One self-signed certificate ({@link TestCertificates#selfSigned}) for every h2 case of a test JVM: keytool costs
 * about a second per run, and the cases only need some certificate the client trusts. Made on first use, deleted
 * when the JVM exits.
 */
public final class SharedCertificates {

    private SharedCertificates() {
    }

    public static TestCertificates get() {
        return Holder.CERTIFICATES;
    }

    private static final class Holder {
        static final TestCertificates CERTIFICATES = create();

        private static TestCertificates create() {
            try {
                Path dir = Files.createTempDirectory("loopline-h2-certs");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete-test-certificates"));
                return TestCertificates.selfSigned(dir);
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the test certificates: " + e, e);
            }
        }

        private static void delete(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is no test failure
            }
        }
    }
}
