package dev.loopline.loadtest.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The static-file scenario's file: 1 MiB, the download chunk 64 times over, in the JVM's temporary directory. Every
 * server process (and the runner, for nginx's configuration) finds or writes the same file; a partial file from an
 * interrupted run is replaced (written aside, then moved into place).
 */
public final class BenchFiles {

    private static final int SIZE = BenchContract.DOWNLOAD_CHUNK_BYTES * BenchContract.DOWNLOAD_CHUNKS;

    private BenchFiles() {
    }

    /** The file, written first if it is missing or of another size. */
    public static synchronized Path oneMiB() {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "loopline-bench-1mib.bin");
        try {
            if (Files.isRegularFile(file) && Files.size(file) == SIZE) {
                return file;
            }
            byte[] bytes = new byte[SIZE];
            ByteBuffer chunk = DownloadChunks.CHUNK.duplicate();
            for (int i = 0; i < BenchContract.DOWNLOAD_CHUNKS; i++) {
                chunk.duplicate().get(bytes, i * BenchContract.DOWNLOAD_CHUNK_BYTES, BenchContract.DOWNLOAD_CHUNK_BYTES);
            }
            Path aside = Files.createTempFile(file.getParent(), "loopline-bench-", ".part");
            Files.write(aside, bytes);
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the bench file " + file, e);
        }
    }
}
