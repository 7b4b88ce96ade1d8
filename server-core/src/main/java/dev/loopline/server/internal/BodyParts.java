package dev.loopline.server.internal;

import dev.loopline.server.Body;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Reads the inside of a {@link Body} without a copy, for the response writer (the array of a body in memory, or the
 * source of a streamed one), and makes the streamed bodies of requests. Private-field handles instead of public accessors: {@code Body}'s public API stays
 * copy-on-read, and no public hook connects the two sides (the lookup works because this class is in Body's own
 * module, or on the class path with it).
 */
final class BodyParts {

    private static final VarHandle BYTES;
    private static final VarHandle SOURCE;
    private static final MethodHandle NEW_BODY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Body.class, MethodHandles.lookup());
            BYTES = lookup.findVarHandle(Body.class, "bytes", byte[].class);
            SOURCE = lookup.findVarHandle(Body.class, "source", BodySource.class);
            NEW_BODY = lookup.findConstructor(Body.class, MethodType.methodType(void.class, byte[].class,
                    BodySource.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BodyParts() {
    }

    /** The array inside a body in memory (read it, never change it); null for a streamed body. */
    static byte[] bytes(Body body) {
        return (byte[]) BYTES.get(body);
    }

    /** A streamed body from {@code source} (a request body with its trailers: not one the public factories make). */
    static Body streamed(BodySource source) {
        try {
            return (Body) NEW_BODY.invokeExact((byte[]) null, source);
        } catch (Throwable impossible) { // the constructor only assigns its fields
            throw new AssertionError(impossible);
        }
    }

    /** The source of a streamed body; null for a body in memory. */
    static BodySource source(Body body) {
        return (BodySource) SOURCE.get(body);
    }
}
