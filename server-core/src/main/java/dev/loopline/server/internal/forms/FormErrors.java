package dev.loopline.server.internal.forms;

import dev.loopline.server.HttpStatusException;

/** The errors of a form read, in Loopline's words: 400 for a malformed body, 413 for a limit, 415 for a type. */
final class FormErrors {

    private FormErrors() {
    }

    static HttpStatusException malformed(String detail) {
        return new HttpStatusException(400, "malformed form: " + detail);
    }

    static HttpStatusException tooLarge(String detail) {
        return new HttpStatusException(413, detail);
    }

    static HttpStatusException unsupported(String detail) {
        return new HttpStatusException(415, detail);
    }
}
