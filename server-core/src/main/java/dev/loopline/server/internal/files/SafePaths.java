package dev.loopline.server.internal.files;

/**
 * Whether a decoded relative path (from a request) is plain enough to look up: no NUL or control characters, no
 * backslashes or colons (Windows separators, drives, streams), no empty, {@code .} or {@code ..} segment, no
 * leading slash, and no hidden segment (starting with a dot) unless hidden files are allowed. A trailing slash
 * names a directory.
 */
final class SafePaths {

    private SafePaths() {
    }

    static boolean isPlain(String relative, boolean hiddenFiles) {
        if (relative.isEmpty()) {
            return true; // the root itself: its index
        }
        int start = 0;
        while (start <= relative.length()) {
            int end = relative.indexOf('/', start);
            if (end < 0) {
                end = relative.length();
            }
            if (!isPlainSegment(relative, start, end, end == relative.length(), hiddenFiles)) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private static boolean isPlainSegment(String path, int start, int end, boolean last, boolean hiddenFiles) {
        int length = end - start;
        if (length == 0) {
            return last && start > 0; // "dir/" names the directory (its index); "//" and a leading "/" do not
        }
        if (path.charAt(start) == '.') {
            boolean dotSegment = length == 1 || length == 2 && path.charAt(start + 1) == '.';
            if (dotSegment || !hiddenFiles) {
                return false;
            }
        }
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
                return false;
            }
        }
        return true;
    }
}
