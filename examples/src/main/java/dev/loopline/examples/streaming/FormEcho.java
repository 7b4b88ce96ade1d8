package dev.loopline.examples.streaming;

import dev.loopline.routing.Json;
import dev.loopline.server.Form;
import dev.loopline.server.FormFile;
import dev.loopline.server.FormLimits;
import dev.loopline.server.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /form}: an HTML form (urlencoded, or multipart with files), answered with JSON: every field's values,
 * and every file's field, client file name, type, size and SHA-256. The body is streamed and parsed off the loop
 * ({@link Form}); files above 16 KiB pass through temporary files, which are gone once the answer is written.
 */
public final class FormEcho {

    private final FormLimits limits;

    public FormEcho(FormLimits limits) {
        this.limits = limits;
    }

    /** The route's handler: the body streamed within the limits, the form read on the blocking executor. */
    public Handler handler() {
        return limits.bodyPolicy().applyTo(request -> Form.read(request, limits).thenApply(form -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("fields", form.fieldMap());
            List<Map<String, Object>> files = new ArrayList<>();
            for (FormFile file : form.files()) { // on the blocking executor's thread: hashing here is fine
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("field", file.name());
                entry.put("fileName", file.fileName());
                entry.put("contentType", file.contentType());
                entry.put("size", file.size());
                entry.put("sha256", sha256(file));
                files.add(entry);
            }
            answer.put("files", files);
            return Json.response(answer);
        }));
    }

    private static String sha256(FormFile file) {
        try (InputStream in = file.open()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file '" + file.name() + "'", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
