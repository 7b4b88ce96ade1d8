package dev.loopline.server.internal;

import dev.loopline.server.Body;

/**
 * Lets the internal package reach the bytes inside public value classes without a copy and without
 * widening their public API (the same idea as the JDK's SharedSecrets).
 */
public final class PublicAccess {

    /** Implemented inside {@link Body}. */
    public interface Bodies {
        Body wrap(byte[] bytes);

        byte[] array(Body body);
    }

    private static volatile Bodies bodies;

    private PublicAccess() {
    }

    public static void bodies(Bodies access) {
        bodies = access;
    }

    /** A body that takes ownership of {@code bytes}: the caller must never modify them again. */
    public static Body wrapBody(byte[] bytes) {
        return bodies().wrap(bytes);
    }

    /** The array inside {@code body}: read it, never modify it. */
    public static byte[] bodyArray(Body body) {
        return bodies().array(body);
    }

    private static Bodies bodies() {
        Bodies access = bodies;
        if (access == null) {
            Body.EMPTY.length(); // runs Body's static initializer, which registers the accessor
            access = bodies;
        }
        return access;
    }
}
