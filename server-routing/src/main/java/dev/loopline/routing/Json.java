package dev.loopline.routing;

import dev.loopline.routing.internal.JsonMediaType;
import dev.loopline.routing.internal.JsonProblems;
import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON bodies with one shared, configured Jackson 3 mapper: read a request body into a record or class, write
 * any value as a response.
 *
 * <pre>{@code
 * Todo todo = Json.read(request, Todo.class);          // 415 unless JSON, 400 naming line, column and field
 * return Json.response(201, store.add(todo)).completed();
 * }</pre>
 *
 * <p>Reading is strict, so that a client's mistake is a 400 that says what it was rather than a value silently
 * dropped or coerced: unknown fields, duplicate keys, {@code null} for a primitive, {@code "42"} for a number,
 * {@code 42} for a string and {@code 1.5} for an integer are refused. Limits make hostile input a 400 too, never
 * a 500 or a stack overflow: nesting deeper than {@value #MAX_NESTING_DEPTH}, numbers longer than
 * {@value #MAX_NUMBER_CHARS} characters, strings
 * longer than {@value #MAX_STRING_CHARS} characters and field names longer than {@value #MAX_NAME_CHARS}. The
 * body size itself is bounded by the server's {@code maxBodyBytes}. Parsing runs on the calling thread: for
 * large bodies, offload the route with {@code Offload.cpu}.
 */
public final class Json {

    /** The deepest nesting of arrays and objects a body may have; deeper is a 400. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** The longest number a body may hold, in characters; longer is a 400. */
    public static final int MAX_NUMBER_CHARS = 100;
    /** The longest string a body may hold, in characters; longer is a 400. */
    public static final int MAX_STRING_CHARS = 1_000_000;
    /** The longest property name a body may hold, in characters; longer is a 400. */
    public static final int MAX_NAME_CHARS = 1_000;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // {"title":"a","title":"b"} is ambiguous, and a classic way to slip a value past a validator
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .maxStringLength(MAX_STRING_CHARS)
                            .maxNameLength(MAX_NAME_CHARS)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // A number or a boolean where text is expected is a mistake, not text ({"title": 42} is a 400).
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private Json() {
    }

    /** The shared mapper, configured as described above; immutable and thread-safe. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads the request body as a {@code type}.
     *
     * @throws HttpStatusException 415 when the body is not declared {@code application/json} (or
     *     {@code application/*+json}) in UTF-8; 400 when it is empty, {@code null}, malformed, over a limit or of
     *     the wrong shape, naming the line, column and field
     */
    public static <T> T read(Request request, Class<T> type) {
        return read(request, MAPPER.constructType(type));
    }

    /** As {@link #read(Request, Class)}, for generic types: {@code new TypeReference<List<Todo>>() {}}. */
    public static <T> T read(Request request, TypeReference<T> type) {
        return read(request, MAPPER.constructType(type));
    }

    private static <T> T read(Request request, JavaType type) {
        JsonMediaType.require(request);
        if (request.body().isEmpty()) {
            throw new HttpStatusException(400, "request body is empty; expected JSON");
        }
        T value;
        try {
            value = MAPPER.readValue(request.body().asStream(), type);
        } catch (JacksonException error) {
            throw JsonProblems.badRequest(error, type.getRawClass());
        }
        if (value == null) {
            throw JsonProblems.nullBody(type.getRawClass());
        }
        return value;
    }

    /** {@code value} as UTF-8 JSON bytes. */
    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** 200 {@code application/json} with {@code value} serialized. */
    public static Response response(Object value) {
        return response(200, value);
    }

    /** {@code status} {@code application/json} with {@code value} serialized. */
    public static Response response(int status, Object value) {
        return Response.of(status, Response.APPLICATION_JSON, Body.of(write(value)));
    }
}
