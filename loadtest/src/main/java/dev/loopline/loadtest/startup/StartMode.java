package dev.loopline.loadtest.startup;

import java.nio.file.Path;
import java.util.List;

/** How a server's JVM starts: from the jar alone, with an AppCDS archive, or with a JDK 25+ AOT cache. */
enum StartMode {
    /** No archive: classes are read, parsed and verified from the jar. */
    PLAIN("plain", "no CDS", 17),
    /** A dynamic AppCDS archive from {@code scripts/appcds.sh} (JDK 17+). */
    CDS("cds", "with AppCDS", 17),
    /** An AOT cache from {@code scripts/appcds.sh --aot}: classes also loaded and linked ahead of time (JDK 25+). */
    AOT("aot", "with AOT cache", 25);

    private final String optionName;
    private final String heading;
    private final int minimumJdk;

    StartMode(String optionName, String heading, int minimumJdk) {
        this.optionName = optionName;
        this.heading = heading;
        this.minimumJdk = minimumJdk;
    }

    String optionName() {
        return optionName;
    }

    /** The column heading in the report. */
    String heading() {
        return heading;
    }

    int minimumJdk() {
        return minimumJdk;
    }

    /** The archive's file name for {@code server}, or null when this mode has none. */
    String archiveName(String server) {
        switch (this) {
            case CDS:
                return server + ".jsa";
            case AOT:
                return server + ".aot";
            default:
                return null;
        }
    }

    /** The flags {@code scripts/appcds.sh} needs to make this mode's archive. */
    List<String> trainingFlags() {
        return this == AOT ? List.of("--aot") : List.of();
    }

    /**
     * The JVM flags that use {@code archive}. Both make a start that cannot use its archive fail, rather than quietly
     * measure a start without it.
     */
    List<String> jvmFlags(Path archive) {
        switch (this) {
            case CDS:
                return List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive);
            case AOT:
                return List.of("-XX:AOTMode=on", "-XX:AOTCache=" + archive);
            default:
                return List.of();
        }
    }

    static StartMode byOptionName(String name) {
        for (StartMode mode : values()) {
            if (mode.optionName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "': plain, cds or aot");
    }
}
