package dev.loopline.examples.cpu;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 with HMAC-SHA256: deliberately slow password hashing, the textbook CPU-bound handler. Thread-safe; each
 * call costs {@code iterations} HMAC rounds of CPU and nothing else.
 */
public final class PasswordHasher {

    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int RECOMMENDED_ITERATIONS = 600_000;
    public static final int SALT_BYTES = 16;
    public static final int HASH_BITS = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1 (was " + iterations + ")");
        }
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** The PBKDF2 hash of {@code password} with {@code salt}: {@value #HASH_BITS} bits. Burns CPU. */
    public byte[] hash(char[] password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** True when {@code password} hashes to {@code expected} with {@code salt}; compares in constant time. */
    public boolean matches(char[] password, byte[] salt, byte[] expected) {
        return MessageDigest.isEqual(hash(password, salt), expected);
    }

    @Override
    public String toString() {
        return ALGORITHM + " x " + iterations;
    }

    /** Clears a password copy once hashed, so it does not linger on the heap longer than needed. */
    static void wipe(char[] password) {
        Arrays.fill(password, '\0');
    }
}
