package dev.loopline.server.internal.files;

import dev.loopline.server.Body;
import java.io.IOException;
import java.time.Instant;

/** What a static-files handler sends: a file on disk or a resource in the class path. Made and read off the loop. */
interface Representation {

    /** The name whose extension gives the content type. */
    String name();

    long size();

    /** The modification time, to the millisecond (0 when unknown). */
    long modifiedMillis();

    /** The bytes {@code start} to {@code start + length}: the body owns what it opens. */
    Body body(long start, long length) throws IOException;

    /** The precompressed sibling with this file suffix ({@code .gz}), or null. */
    Representation sibling(String suffix);

    /** The modification time to the second, as {@code Last-Modified} gives it. */
    default Instant modified() {
        return Instant.ofEpochMilli(modifiedMillis() / 1000 * 1000);
    }
}
