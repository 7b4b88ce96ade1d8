package dev.loopline.routing.internal;

import dev.loopline.server.HttpStatusException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns Jackson's reading errors into 400s whose detail a client can act on: where (line, column), which field
 * (a path like {@code items[2].price}) and what was expected, in Loopline's words: never Jackson's text, which
 * names Java types and changes with its versions (its messages are matched here, never passed on).
 */
public final class JsonProblems {

    private static final int MAX_ECHOED_CHARS = 100;

    private JsonProblems() {
    }

    /**
     * The 400 for a body that could not be read as {@code target}.
     *
     * @throws JacksonException {@code error} itself when the fault is the server's (a type Jackson cannot bind)
     */
    public static HttpStatusException badRequest(JacksonException error, Class<?> target) {
        if (error instanceof InvalidDefinitionException) {
            throw error; // not the client's input: a 500, logged with its stack by the server
        }
        return new HttpStatusException(400, detail(error, target) + where(error));
    }

    /** The 400 for a body that was the JSON literal {@code null}. */
    public static HttpStatusException nullBody(Class<?> target) {
        return new HttpStatusException(400, "request body is JSON null; expected " + expected(target));
    }

    private static String detail(JacksonException error, Class<?> target) {
        if (error instanceof StreamConstraintsException) {
            return "JSON exceeds a limit: " + limit(words(error));
        }
        if (error instanceof UnexpectedEndOfInputException) {
            return "JSON ends unexpectedly";
        }
        if (error instanceof InputCoercionException) {
            String name = currentName(error);
            return (name == null ? "a number" : "field \"" + name + "\"") + " is out of range: it must be "
                    + range(((InputCoercionException) error).getTargetType());
        }
        if (error instanceof StreamReadException) {
            String said = words(error);
            if (said.contains("duplicate")) { // STRICT_DUPLICATE_DETECTION
                String name = currentName(error);
                return (name == null ? "a field" : "field \"" + name + "\"") + " appears twice in one object";
            }
            return "malformed JSON: " + syntax(said) + " (RFC 8259)";
        }
        String field = fieldPath(error);
        if (error instanceof UnrecognizedPropertyException) {
            UnrecognizedPropertyException unknown = (UnrecognizedPropertyException) error;
            return "unknown field \"" + field + "\"" + knownFields(unknown.getKnownPropertyIds());
        }
        if (error instanceof InvalidNullException) {
            return "field \"" + field + "\" must not be null";
        }
        if (error instanceof InvalidFormatException) {
            InvalidFormatException format = (InvalidFormatException) error;
            return subject(field) + " must be " + expected(format.getTargetType()) + ", was " + echo(format.getValue());
        }
        if (error instanceof MismatchedInputException) {
            return mismatch((MismatchedInputException) error, field);
        }
        if (error instanceof ValueInstantiationException && error.getCause() instanceof IllegalArgumentException
                && error.getCause().getMessage() != null) {
            return "invalid " + (field.isEmpty() ? "request body" : "field \"" + field + "\"") + ": "
                    + error.getCause().getMessage();
        }
        return subject(field) + " does not match the expected JSON structure";
    }

    /** Which of the mapper's limits ({@code Json.MAX_*}) a {@link StreamConstraintsException} is about. */
    private static String limit(String said) {
        if (said.contains("nesting depth")) {
            return "nested deeper than " + dev.loopline.routing.Json.MAX_NESTING_DEPTH + " levels";
        }
        if (said.contains("number")) {
            return "a number longer than " + dev.loopline.routing.Json.MAX_NUMBER_CHARS + " characters";
        }
        if (said.contains("string")) {
            return "a string longer than " + dev.loopline.routing.Json.MAX_STRING_CHARS + " characters";
        }
        if (said.contains("name")) {
            return "a field name longer than " + dev.loopline.routing.Json.MAX_NAME_CHARS + " characters";
        }
        return "the document is too large";
    }

    /** What kind of syntax error a {@link StreamReadException} is, from a word of its message. */
    private static String syntax(String said) {
        if (said.contains("unrecognized token")) {
            return "a word that is not true, false or null";
        }
        if (said.contains("control character") || said.contains("unquoted character")) {
            return "a control character inside a string, which must be escaped";
        }
        if (said.contains("leading zero") || said.contains("numeric value") || said.contains("number")) {
            return "an invalid number";
        }
        if (said.contains("unexpected character")) {
            return "an unexpected character";
        }
        return "invalid syntax";
    }

    /** The integers a value for {@code type} may take. */
    private static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == short.class || type == Short.class) {
            return "an integer from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (type == byte.class || type == Byte.class) {
            return "an integer from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return type == null ? "a smaller number" : expected(type) + " in range";
    }

    private static String currentName(JacksonException error) {
        return error.processor() instanceof JsonParser ? ((JsonParser) error.processor()).currentName() : null;
    }

    /** Jackson's message, lower-cased, to tell its errors apart; never shown to anyone. */
    private static String words(JacksonException error) {
        String message = error.getOriginalMessage();
        return message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    }

    private static String mismatch(MismatchedInputException error, String field) {
        Class<?> expectedType = error.getTargetType();
        JsonToken token = error.getCurrentToken();
        String message = error.getOriginalMessage();
        if (message != null && message.startsWith("Trailing token")) {
            return "unexpected data after the JSON value"; // FAIL_ON_TRAILING_TOKENS, which has no subclass
        }
        if (expectedType != null && expectedType.isPrimitive() && token == JsonToken.END_OBJECT) {
            return "missing field \"" + field + "\" (" + expected(expectedType) + ")"; // a primitive has no null
        }
        String rule = expectedType == null ? " does not have the expected JSON type"
                : " must be " + expected(expectedType);
        String actual = describe(token);
        return subject(field) + rule + (actual == null ? "" : ", was " + actual);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return null;
        }
        switch (token) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: return "an integer";
            case VALUE_NUMBER_FLOAT: return "a decimal number";
            case VALUE_TRUE: return "true";
            case VALUE_FALSE: return "false";
            case VALUE_NULL: return "null";
            default: return null;
        }
    }

    private static String subject(String field) {
        return field.isEmpty() ? "request body" : "field \"" + field + "\"";
    }

    /** {@code items[2].price}, from Jackson's reference path. */
    private static String fieldPath(JacksonException error) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : error.getPath()) {
            if (reference.getPropertyName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String knownFields(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        TreeSet<String> names = new TreeSet<>();
        known.forEach(name -> names.add(String.valueOf(name)));
        return "; known fields: " + names;
    }

    private static String where(JacksonException error) {
        TokenStreamLocation location = error.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** What a JSON value for {@code type} looks like, in words a client understands. */
    static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (type.isEnum()) {
            TreeSet<String> names = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return "one of " + names;
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 " + type.getSimpleName() + " string";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a JSON value";
    }

    private static String echo(Object value) {
        if (!(value instanceof String)) {
            return String.valueOf(value);
        }
        String text = (String) value;
        return "\"" + (text.length() <= MAX_ECHOED_CHARS ? text : text.substring(0, MAX_ECHOED_CHARS) + "...") + "\"";
    }
}
