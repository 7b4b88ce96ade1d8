package dev.loopline.examples.cpu;

import dev.loopline.routing.Json;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.Base64;

/**
 * {@code POST /hash} with {@code {"password": "..."}}: a fresh salt, the PBKDF2 hash, and the name of the thread
 * that computed it, so that a reader sees where the work ran. The same handler serves {@code /hash} (offloaded)
 * and {@code /hash-inline} (on the loop, the anti-pattern); only the wrapping differs.
 */
public final class HashRoutes {

    public static final int MAX_PASSWORD_CHARS = 1024;

    /** The request body. */
    public record HashRequest(String password) {
    }

    /** The response body; {@code salt} and {@code hash} in base64. */
    public record HashResult(String algorithm, int iterations, String salt, String hash, String thread) {
    }

    private final PasswordHasher hasher;

    public HashRoutes(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    public Response hash(Request request) {
        String password = Json.read(request, HashRequest.class).password();
        if (password == null || password.isEmpty()) {
            throw new HttpStatusException(422, "field \"password\" is required and must not be empty");
        }
        if (password.length() > MAX_PASSWORD_CHARS) {
            // Unbounded input to a slow hash is a denial-of-service lever.
            throw new HttpStatusException(422, "field \"password\" must be at most " + MAX_PASSWORD_CHARS
                    + " characters, was " + password.length());
        }
        char[] characters = password.toCharArray();
        byte[] salt = PasswordHasher.newSalt();
        byte[] hash;
        try {
            hash = hasher.hash(characters, salt);
        } finally {
            PasswordHasher.wipe(characters);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return Json.response(new HashResult(PasswordHasher.ALGORITHM, hasher.iterations(), base64.encodeToString(salt),
                base64.encodeToString(hash), Thread.currentThread().getName()));
    }
}
