package dev.loopline.server.internal.compression;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Brotli through brotli4j; loaded only after {@link Codings} found brotli4j on the class path. */
final class BrotliSupport {

    private BrotliSupport() {
    }

    static boolean isAvailable() {
        try {
            Brotli4jLoader.ensureAvailability();
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException noNativeLibrary) {
            return false;
        }
    }

    static OutputStream stream(OutputStream out, int quality) {
        try {
            return new BrotliOutputStream(out, new Encoder.Parameters().setQuality(quality));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
