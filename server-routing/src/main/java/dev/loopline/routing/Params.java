package dev.loopline.routing;

import dev.loopline.routing.internal.TypedValues;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import java.util.UUID;

/**
 * Typed path and query parameters. A value that does not parse throws {@link HttpStatusException} 400, which the
 * server answers as {@code application/problem+json} naming the parameter and the value, for example
 * {@code path parameter "id" must be an integer, was "abc"}.
 *
 * <pre>{@code
 * long id = Params.pathLong(request, "id");
 * int limit = Params.queryInt(request, "limit", 20);
 * Sort sort = Params.queryEnum(request, "sort", Sort.class, Sort.NEWEST);
 * }</pre>
 *
 * <p>Query parameters: the first value counts; an empty value ({@code ?limit=}) counts as absent, so it takes
 * the default, or is a 400 "missing" when there is none. Integers are decimal with an optional sign; booleans are
 * {@code true} or {@code false} in any case; UUIDs are in the canonical 36-character form; enum constants match
 * by name, exactly or else ignoring case. Path parameters are read from the route's match: asking for a name
 * the route does not have is a programming error ({@link IllegalArgumentException}, a 500).
 */
public final class Params {

    private Params() {
    }

    // ---- path parameters

    /** The decoded path parameter {@code name}. */
    public static String path(Request request, String name) {
        return request.pathParam(name);
    }

    /** The path parameter {@code name} as a {@code long}; 400 if it is not one. */
    public static long pathLong(Request request, String name) {
        return TypedValues.parseLong(pathWhat(name), request.pathParam(name));
    }

    /** The path parameter {@code name} as an {@code int}; 400 if it is not one. */
    public static int pathInt(Request request, String name) {
        return TypedValues.parseInt(pathWhat(name), request.pathParam(name));
    }

    /** The path parameter {@code name} as a UUID; 400 if it is not one. */
    public static UUID pathUuid(Request request, String name) {
        return TypedValues.parseUuid(pathWhat(name), request.pathParam(name));
    }

    /** The path parameter {@code name} as a boolean; 400 unless {@code true} or {@code false}. */
    public static boolean pathBoolean(Request request, String name) {
        return TypedValues.parseBoolean(pathWhat(name), request.pathParam(name));
    }

    /** The path parameter {@code name} as a constant of {@code type}; 400 if it names none. */
    public static <E extends Enum<E>> E pathEnum(Request request, String name, Class<E> type) {
        return TypedValues.parseEnum(pathWhat(name), request.pathParam(name), type);
    }

    // ---- required query parameters: 400 when absent

    /** The query parameter {@code name}; 400 when it is absent or empty. */
    public static String query(Request request, String name) {
        return required(request, name);
    }

    /** The query parameter {@code name} as a {@code long}; 400 when absent or not one. */
    public static long queryLong(Request request, String name) {
        return TypedValues.parseLong(queryWhat(name), required(request, name));
    }

    /** The query parameter {@code name} as an {@code int}; 400 when absent or not one. */
    public static int queryInt(Request request, String name) {
        return TypedValues.parseInt(queryWhat(name), required(request, name));
    }

    /** The query parameter {@code name} as a UUID; 400 when absent or not one. */
    public static UUID queryUuid(Request request, String name) {
        return TypedValues.parseUuid(queryWhat(name), required(request, name));
    }

    /** The query parameter {@code name} as a boolean; 400 when absent or not {@code true}/{@code false}. */
    public static boolean queryBoolean(Request request, String name) {
        return TypedValues.parseBoolean(queryWhat(name), required(request, name));
    }

    /** The query parameter {@code name} as a constant of {@code type}; 400 when absent or naming none. */
    public static <E extends Enum<E>> E queryEnum(Request request, String name, Class<E> type) {
        return TypedValues.parseEnum(queryWhat(name), required(request, name), type);
    }

    // ---- optional query parameters: the default when absent

    /** The query parameter {@code name}, or {@code defaultValue} when it is absent or empty. */
    public static String query(Request request, String name, String defaultValue) {
        String text = present(request, name);
        return text == null ? defaultValue : text;
    }

    /** The query parameter {@code name} as a {@code long}, or {@code defaultValue} when absent; 400 if not one. */
    public static long queryLong(Request request, String name, long defaultValue) {
        String text = present(request, name);
        return text == null ? defaultValue : TypedValues.parseLong(queryWhat(name), text);
    }

    /** The query parameter {@code name} as an {@code int}, or {@code defaultValue} when absent; 400 if not one. */
    public static int queryInt(Request request, String name, int defaultValue) {
        String text = present(request, name);
        return text == null ? defaultValue : TypedValues.parseInt(queryWhat(name), text);
    }

    /** The query parameter {@code name} as a UUID, or {@code defaultValue} when absent; 400 if not one. */
    public static UUID queryUuid(Request request, String name, UUID defaultValue) {
        String text = present(request, name);
        return text == null ? defaultValue : TypedValues.parseUuid(queryWhat(name), text);
    }

    /** The query parameter {@code name} as a boolean, or {@code defaultValue} when absent; 400 if not one. */
    public static boolean queryBoolean(Request request, String name, boolean defaultValue) {
        String text = present(request, name);
        return text == null ? defaultValue : TypedValues.parseBoolean(queryWhat(name), text);
    }

    /** The query parameter {@code name} as a {@code type} constant, {@code defaultValue} when absent; 400 if none. */
    public static <E extends Enum<E>> E queryEnum(Request request, String name, Class<E> type, E defaultValue) {
        String text = present(request, name);
        return text == null ? defaultValue : TypedValues.parseEnum(queryWhat(name), text, type);
    }

    // ----

    private static String present(Request request, String name) {
        String text = request.queryParam(name).orElse(null);
        return text == null || text.isEmpty() ? null : text;
    }

    private static String required(Request request, String name) {
        String text = present(request, name);
        if (text == null) {
            throw new HttpStatusException(400, "missing " + queryWhat(name));
        }
        return text;
    }

    private static String pathWhat(String name) {
        return "path parameter \"" + name + "\"";
    }

    private static String queryWhat(String name) {
        return "query parameter \"" + name + "\"";
    }
}
