package dev.loopline.examples.rest;

import dev.loopline.server.HttpStatusException;

/**
 * The body of {@code POST /todos} and {@code PUT /todos/{id}}: {@code {"title": "...", "done": false}}, with
 * {@code done} optional (false). JSON that does not have this shape is a 400 from {@code Json.read}; a
 * well-formed body whose title breaks the rules below is a 422 naming the field.
 */
public record TodoInput(String title, Boolean done) {

    /** Longest title, in characters (Unicode code points, so that an emoji counts as one). */
    public static final int MAX_TITLE_CHARS = 200;

    /** The checked title and flag, or 422 Unprocessable Content naming the field and what is wrong with it. */
    public TodoInput validated() {
        if (title == null) {
            throw unprocessable("field \"title\" is required");
        }
        if (title.isBlank()) {
            throw unprocessable("field \"title\" must not be empty");
        }
        int chars = title.codePointCount(0, title.length());
        if (chars > MAX_TITLE_CHARS) {
            throw unprocessable("field \"title\" must be at most " + MAX_TITLE_CHARS + " characters, was " + chars);
        }
        return new TodoInput(title, done != null && done);
    }

    private static HttpStatusException unprocessable(String detail) {
        return new HttpStatusException(422, detail);
    }
}
