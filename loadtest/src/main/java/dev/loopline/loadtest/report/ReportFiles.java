package dev.loopline.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes report.json (the raw rounds and the medians), report.md and report.html into one directory. */
public final class ReportFiles {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ReportFiles() {
    }

    public static void write(RunReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("report", report);
        json.put("summaries", report.summaries());
        Files.writeString(directory.resolve("report.json"), JSON.writeValueAsString(json), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("report.md"), MarkdownReport.render(report), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("report.html"), HtmlReport.render(report), StandardCharsets.UTF_8);
    }
}
