package dev.loopline.routing.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of the route trie: the position after some segments. Mutable while the trie is built (by the one
 * building thread), then frozen and only read, from any thread.
 */
final class TrieNode {

    final RouteEntry[] routes; // by method index; null where the method has no route here
    long methodMask;           // bit i set when routes[i] != null

    StaticChildren statics = StaticChildren.EMPTY;
    TrieNode param;    // the child for a {name} segment
    TrieNode wildcard; // the terminal for a {*name} tail

    private Map<String, TrieNode> staticsWhileBuilding = new LinkedHashMap<>();

    TrieNode(int methodCount) {
        routes = new RouteEntry[methodCount];
    }

    /** The route serving {@code method} here: HEAD falls back to GET. */
    RouteEntry routeFor(int method) {
        if (method < 0) {
            return null;
        }
        RouteEntry route = routes[method];
        if (route == null && method == MethodTable.HEAD) {
            return routes[MethodTable.GET];
        }
        return route;
    }

    TrieNode staticChild(String segment, int methodCount) {
        return staticsWhileBuilding.computeIfAbsent(segment, key -> new TrieNode(methodCount));
    }

    TrieNode paramChild(int methodCount) {
        if (param == null) {
            param = new TrieNode(methodCount);
        }
        return param;
    }

    TrieNode wildcardChild(int methodCount) {
        if (wildcard == null) {
            wildcard = new TrieNode(methodCount);
        }
        return wildcard;
    }

    /** Turns the building maps into lookup tables, for this node and every node below it. */
    void freeze() {
        statics = StaticChildren.of(staticsWhileBuilding);
        for (TrieNode child : staticsWhileBuilding.values()) {
            child.freeze();
        }
        staticsWhileBuilding = null;
        if (param != null) {
            param.freeze();
        }
        if (wildcard != null) {
            wildcard.freeze();
        }
    }
}
