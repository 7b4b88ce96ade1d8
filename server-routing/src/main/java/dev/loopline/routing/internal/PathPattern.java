package dev.loopline.routing.internal;

import dev.loopline.server.RequestPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed route pattern such as {@code /repos/{owner}/{repo}/files/{*path}}: static segments, whole-segment
 * {@code {name}} parameters and a final {@code {*name}} tail wildcard. Static segments are written decoded
 * ({@code /café}) and kept in the canonical form the server gives request paths ({@code caf%C3%A9}, see
 * {@link RequestPath}), so that a request matches by plain comparison. Invalid patterns fail with a message naming
 * the pattern.
 */
public final class PathPattern {

    /** What one segment of a pattern matches. */
    public enum Kind { STATIC, PARAM, WILDCARD }

    /** One segment: its kind, and its canonical text (static) or parameter name. */
    public record Segment(Kind kind, String text) {
    }

    private final String pattern;
    private final List<Segment> segments;
    private final String[] paramNames; // in path order, wildcard last
    private final Kind[] kinds; // of each segment, for extract()

    private PathPattern(String pattern, List<Segment> segments, String[] paramNames) {
        this.pattern = pattern;
        this.segments = segments;
        this.paramNames = paramNames;
        this.kinds = new Kind[segments.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = segments.get(i).kind();
        }
    }

    /** Parses {@code pattern}, e.g. {@code /users/{id}}. */
    public static PathPattern parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw invalid(pattern, "must start with '/'");
        }
        if (pattern.indexOf('?') >= 0 || pattern.indexOf('#') >= 0) {
            throw invalid(pattern, "must not contain '?' or '#' (query strings are not routed)");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean wildcard = false;
        int start = 1;
        while (true) {
            int end = pattern.indexOf('/', start);
            boolean last = end < 0;
            String text = pattern.substring(start, last ? pattern.length() : end);
            if (wildcard) {
                throw invalid(pattern, "the tail wildcard {*" + names.get(names.size() - 1)
                        + "} must be the last segment");
            }
            Segment segment = segment(pattern, text, last);
            if (segment.kind() != Kind.STATIC) {
                if (!seen.add(segment.text())) {
                    throw invalid(pattern, "parameter {" + segment.text() + "} appears twice");
                }
                names.add(segment.text());
                wildcard = segment.kind() == Kind.WILDCARD;
            }
            segments.add(segment);
            if (last) {
                break;
            }
            start = end + 1;
        }
        return new PathPattern(pattern, List.copyOf(segments), names.toArray(new String[0]));
    }

    private static Segment segment(String pattern, String text, boolean last) {
        if (text.startsWith("{") && text.endsWith("}") && text.length() >= 2) {
            boolean tail = text.startsWith("{*");
            String name = text.substring(tail ? 2 : 1, text.length() - 1);
            if (!isName(name)) {
                throw invalid(pattern, "parameter name \"" + name + "\" must be letters, digits, '_' or '-'");
            }
            return new Segment(tail ? Kind.WILDCARD : Kind.PARAM, name);
        }
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw invalid(pattern, "segment \"" + text + "\": a parameter must be a whole segment, like {name}");
        }
        if (text.isEmpty() && !last) {
            throw invalid(pattern, "empty segment ('//')");
        }
        if (text.equals(".") || text.equals("..")) {
            throw invalid(pattern, "dot segment \"" + text + "\" (requests with dot segments are refused)");
        }
        return new Segment(Kind.STATIC, RequestPath.encodeSegment(text));
    }

    private static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String pattern, String why) {
        return new IllegalArgumentException("invalid route pattern \"" + pattern + "\": " + why);
    }

    public String pattern() {
        return pattern;
    }

    public List<Segment> segments() {
        return segments;
    }

    public boolean hasParams() {
        return paramNames.length > 0;
    }

    /** The parameter names in path order. */
    public List<String> paramNames() {
        return List.of(paramNames);
    }

    /**
     * The parameters of {@code path}, a canonical path this pattern is known to match: each value is its segment
     * (the wildcard: the rest of the path), percent-decoded. Up to three parameters are collected without an
     * intermediate array: the map is the only allocation besides the values.
     *
     * @throws dev.loopline.server.HttpStatusException 400 for a value that is not UTF-8 or holds {@code %00}
     */
    public Map<String, String> extract(String path) {
        String first = null;
        String second = null;
        String third = null;
        String[] more = paramNames.length > 3 ? new String[paramNames.length] : null;
        int found = 0;
        int start = 1;
        for (int i = 0; i < kinds.length && found < paramNames.length; i++) {
            String value = null;
            int end;
            if (kinds[i] == Kind.WILDCARD) {
                value = RequestPath.decode(start >= path.length() ? "" : path.substring(start));
                end = path.length();
            } else {
                end = path.indexOf('/', start);
                if (end < 0) {
                    end = path.length();
                }
                if (kinds[i] == Kind.PARAM) {
                    value = RequestPath.decode(path.substring(start, end));
                }
            }
            if (value != null) {
                if (more != null) {
                    more[found] = value;
                } else if (found == 0) {
                    first = value;
                } else if (found == 1) {
                    second = value;
                } else {
                    third = value;
                }
                found++;
            }
            start = end + 1;
        }
        switch (paramNames.length) {
            case 0: return Map.of();
            case 1: return Map.of(paramNames[0], first);
            case 2: return Map.of(paramNames[0], first, paramNames[1], second);
            case 3: return Map.of(paramNames[0], first, paramNames[1], second, paramNames[2], third);
            default: return ParamMaps.of(paramNames, more);
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
