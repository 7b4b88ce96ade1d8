package dev.loopline.routing.internal;

import java.util.List;

/**
 * The segment trie that matches a request path to a route. At each segment a static child is tried first, then
 * the parameter child, then the tail wildcard, backtracking when a branch finds no route for the method; so
 * static beats parameter beats wildcard whatever the registration order, and lookup time depends on the path's
 * depth, not on the number of routes. Paths are compared in the server's canonical form, as they are: a static
 * pattern segment was brought to that form when the router was built. Immutable once built; lookups allocate
 * nothing.
 */
public final class RouteTrie {

    private final TrieNode root;

    /**
     * @throws IllegalArgumentException when two routes have the same method and match the same paths, naming both
     */
    public RouteTrie(List<RouteEntry> entries, MethodTable methods) {
        root = new TrieNode(methods.size());
        for (RouteEntry entry : entries) {
            insert(entry, methods);
        }
        root.freeze();
    }

    private void insert(RouteEntry entry, MethodTable methods) {
        int count = methods.size();
        TrieNode node = root;
        for (PathPattern.Segment segment : entry.pattern().segments()) {
            switch (segment.kind()) {
                case STATIC: node = node.staticChild(segment.text(), count); break;
                case PARAM: node = node.paramChild(count); break;
                default: node = node.wildcardChild(count); break;
            }
        }
        int method = methods.indexOf(entry.route().method());
        RouteEntry earlier = node.routes[method];
        if (earlier != null) {
            throw new IllegalArgumentException("route " + entry.route() + " conflicts with route " + earlier.route()
                    + ": both match the same requests (parameter names do not tell routes apart)");
        }
        node.routes[method] = entry;
        node.methodMask |= 1L << method;
    }

    /**
     * The route for {@code method} (an index of the {@link MethodTable}, or -1) and {@code path}, or null.
     *
     * @param path a canonical path ({@link dev.loopline.server.Request#path()})
     */
    public RouteEntry find(String path, int method) {
        return find(root, path, 0, method);
    }

    private static RouteEntry find(TrieNode node, String path, int slash, int method) {
        int length = path.length();
        if (slash >= length) {
            RouteEntry here = node.routeFor(method);
            return here != null || node.wildcard == null ? here : node.wildcard.routeFor(method);
        }
        int start = slash + 1;
        int end = path.indexOf('/', start);
        if (end < 0) {
            end = length;
        }
        TrieNode child = node.statics.get(path, start, end);
        if (child != null) {
            RouteEntry found = find(child, path, end, method);
            if (found != null) {
                return found;
            }
        }
        if (node.param != null && end > start) {
            RouteEntry found = find(node.param, path, end, method);
            if (found != null) {
                return found;
            }
        }
        return node.wildcard == null ? null : node.wildcard.routeFor(method);
    }

    /** The methods of every route whose pattern matches {@code path}, as a {@link MethodTable} bit mask. */
    public long allowedMethods(String path) {
        return allowed(root, path, 0);
    }

    private static long allowed(TrieNode node, String path, int slash) {
        long mask = node.wildcard == null ? 0 : node.wildcard.methodMask;
        int length = path.length();
        if (slash >= length) {
            return mask | node.methodMask;
        }
        int start = slash + 1;
        int end = path.indexOf('/', start);
        if (end < 0) {
            end = length;
        }
        TrieNode child = node.statics.get(path, start, end);
        if (child != null) {
            mask |= allowed(child, path, end);
        }
        if (node.param != null && end > start) {
            mask |= allowed(node.param, path, end);
        }
        return mask;
    }
}
