package dev.loopline.loadtest.servers;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The {@code /cpu} work: SHA-256 applied {@code rounds} times to the 32 bytes 0x00..0x1f, as lowercase hex. */
public final class CpuWork {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CpuWork() {
    }

    public static String sha256Chain(int rounds) {
        MessageDigest sha256 = newSha256();
        byte[] digest = new byte[32];
        for (int i = 0; i < digest.length; i++) {
            digest[i] = (byte) i;
        }
        for (int i = 0; i < rounds; i++) {
            digest = sha256.digest(digest);
        }
        return hex(digest);
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
