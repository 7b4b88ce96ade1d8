package dev.loopline.server.internal;

import dev.loopline.server.Body;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads the array inside a {@link Body} without a copy, for the response writer. A private-field handle instead of
 * a public accessor: {@code Body}'s public API stays copy-on-read, and no public hook connects the two sides (the
 * lookup works because this class is in Body's own module, or on the class path with it).
 */
final class BodyBytes {

    private static final VarHandle BYTES;

    static {
        try {
            BYTES = MethodHandles.privateLookupIn(Body.class, MethodHandles.lookup())
                    .findVarHandle(Body.class, "bytes", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BodyBytes() {
    }

    /** The array inside {@code body}: read it, never change it. */
    static byte[] of(Body body) {
        return (byte[]) BYTES.get(body);
    }
}
