package dev.loopline.routing.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives every request method a small index, so a trie node keeps its routes in an array and a set of methods is
 * a bit mask. The standard methods have fixed indexes, in the order {@code Allow} lists them; other methods
 * (WebDAV's {@code PROPFIND}, say) get the next indexes in registration order. Immutable once built.
 */
public final class MethodTable {

    public static final int GET = 0;
    public static final int HEAD = 1;
    public static final int POST = 2;
    public static final int PUT = 3;
    public static final int PATCH = 4;
    public static final int DELETE = 5;
    public static final int OPTIONS = 6;
    public static final int MAX_METHODS = 64; // a set of methods is one long

    private static final String[] STANDARD = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

    private final String[] names;

    private MethodTable(String[] names) {
        this.names = names;
    }

    /** The standard methods plus {@code extraMethods}, which are added in order and without repeats. */
    public static MethodTable of(List<String> extraMethods) {
        List<String> all = new ArrayList<>(List.of(STANDARD));
        for (String method : extraMethods) {
            if (!all.contains(method)) {
                all.add(method);
            }
        }
        if (all.size() > MAX_METHODS) {
            throw new IllegalArgumentException("a router supports at most " + MAX_METHODS + " methods (got "
                    + all.size() + ": " + all + ")");
        }
        return new MethodTable(all.toArray(new String[0]));
    }

    /** The index of {@code method}, or -1 when no route uses it. Allocation-free. */
    public int indexOf(String method) {
        switch (method) {
            case "GET": return GET;
            case "HEAD": return HEAD;
            case "POST": return POST;
            case "PUT": return PUT;
            case "PATCH": return PATCH;
            case "DELETE": return DELETE;
            case "OPTIONS": return OPTIONS;
            default:
                for (int i = STANDARD.length; i < names.length; i++) {
                    if (names[i].equals(method)) {
                        return i;
                    }
                }
                return -1;
        }
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    /**
     * The methods a path with routes for {@code methodMask} can be requested with: HEAD joins GET (a GET route
     * answers HEAD) and OPTIONS is always there (the router answers it). In {@code Allow} order.
     */
    public List<String> allowed(long methodMask) {
        long mask = methodMask | 1L << OPTIONS;
        if ((mask & 1L << GET) != 0) {
            mask |= 1L << HEAD;
        }
        List<String> allowed = new ArrayList<>(Long.bitCount(mask));
        for (int i = 0; i < names.length; i++) {
            if ((mask & 1L << i) != 0) {
                allowed.add(names[i]);
            }
        }
        return allowed;
    }

    /** The {@code Allow} field value for {@code methodMask}, e.g. {@code GET, HEAD, OPTIONS}. */
    public String allowHeader(long methodMask) {
        return String.join(", ", allowed(methodMask));
    }
}
