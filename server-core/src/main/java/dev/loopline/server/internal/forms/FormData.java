package dev.loopline.server.internal.forms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a parse found: the fields in order, the files in order, and the storage that holds the large files. */
public final class FormData {

    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final List<StoredPart> files = new ArrayList<>();
    private final FormStorage storage;

    FormData(FormStorage storage) {
        this.storage = storage;
    }

    void addField(String name, String value) {
        fields.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
    }

    void addFile(StoredPart file) {
        files.add(file);
    }

    public Map<String, List<String>> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public List<StoredPart> files() {
        return Collections.unmodifiableList(files);
    }

    public FormStorage storage() {
        return storage;
    }
}
