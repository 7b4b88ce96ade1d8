package dev.loopline.server;

import dev.loopline.server.internal.forms.FormData;
import dev.loopline.server.internal.forms.FormReader;
import dev.loopline.server.internal.forms.StoredPart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The fields and files of an HTML form: a body of type {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data} (RFC 7578), read within {@link FormLimits}.
 *
 * <pre>{@code
 * FormLimits limits = FormLimits.defaults().withMaxFileBytes(100L << 20);
 * router.post("/profile", limits.bodyPolicy().applyTo(request -> Form.read(request, limits).thenApply(form -> {
 *     String user = form.field("user").orElse("");
 *     for (FormFile avatar : form.files("avatar")) {
 *         avatar.moveTo(avatars.resolve(UUID.randomUUID() + ".img")); // never avatar.fileName() as a path
 *     }
 *     return Response.text(200, "saved");
 * })));
 * }</pre>
 *
 * <p><b>Threads.</b> A multipart body, and any body the route streams ({@link FormLimits#bodyPolicy()}), is parsed
 * on the server's blocking executor, reading the body as the client sends it; the returned stage completes there,
 * so its continuations may block (move a file, write a database row) but should not run long: they hold a thread of
 * that bounded executor. A small urlencoded body in memory is parsed at once on the calling thread. When the
 * blocking executor is full, the stage fails with 503 and {@code Retry-After}.
 *
 * <p><b>Failures</b> fail the stage with an {@link HttpStatusException}, which the server answers as it is: a body of
 * another type 415; a malformed body (no boundary, a bad boundary, an unterminated part, a bad part header, a part
 * without {@code Content-Disposition}, a part after the closing boundary, bad percent-encoding) 400 naming the
 * problem; a limit exceeded 413 naming the limit and the part.
 *
 * <p><b>Temporary files.</b> File parts above {@link FormLimits#memoryThreshold()} are kept in temporary files in
 * {@link FormLimits#tempDirectory()} and deleted when the request ends: after its response is written, or when its
 * connection goes (a client that disconnects mid-upload, a handler timeout), and at once when the parse fails. To
 * keep a file, {@link FormFile#moveTo} it. A request built without a server (a unit test) has no end: there,
 * {@link #close()} deletes them.
 */
public final class Form implements AutoCloseable {

    private final FormData data;
    private final List<FormFile> files;

    private Form(FormData data) {
        this.data = data;
        List<FormFile> wrapped = new ArrayList<>(data.files().size());
        for (StoredPart part : data.files()) {
            wrapped.add(new FormFile(part));
        }
        this.files = Collections.unmodifiableList(wrapped);
    }

    /** Reads {@code request}'s form within {@link FormLimits#defaults()}. */
    public static CompletionStage<Form> read(Request request) {
        return read(request, FormLimits.defaults());
    }

    /** Reads {@code request}'s form within {@code limits}; see the class comment for threads and failures. */
    public static CompletionStage<Form> read(Request request, FormLimits limits) {
        return FormReader.read(request, FormReader.limits(limits.maxParts(), limits.maxFieldBytes(),
                limits.maxFileBytes(), limits.maxTotalBytes(), limits.memoryThreshold()), limits.tempDirectory())
                .thenApply(Form::new);
    }

    /** The first value of field {@code name} (a part without a file name, or an urlencoded pair). */
    public Optional<String> field(String name) {
        List<String> values = data.fields().get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of field {@code name}, in the order they came; empty when there is none. */
    public List<String> fields(String name) {
        List<String> values = data.fields().get(name);
        return values == null ? List.of() : Collections.unmodifiableList(values);
    }

    /** The names of the fields, in the order they first came. */
    public Set<String> fieldNames() {
        return Collections.unmodifiableSet(data.fields().keySet());
    }

    /** Every field, name to values, in the order they came. */
    public Map<String, List<String>> fieldMap() {
        return data.fields();
    }

    /** The first file of field {@code name}. */
    public Optional<FormFile> file(String name) {
        for (FormFile file : files) {
            if (file.name().equals(name)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Every file of field {@code name} ({@code <input type=file multiple>} sends several), in order. */
    public List<FormFile> files(String name) {
        List<FormFile> matching = new ArrayList<>();
        for (FormFile file : files) {
            if (file.name().equals(name)) {
                matching.add(file);
            }
        }
        return matching;
    }

    /** Every file part, in the order they came. */
    public List<FormFile> files() {
        return files;
    }

    /**
     * Deletes the temporary files now rather than when the request ends (files moved away are not touched);
     * idempotent.
     */
    @Override
    public void close() {
        data.storage().close();
    }

    @Override
    public String toString() {
        return "Form[fields=" + data.fields().keySet() + ", files=" + files + "]";
    }
}
