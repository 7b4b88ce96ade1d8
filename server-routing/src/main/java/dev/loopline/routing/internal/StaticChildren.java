package dev.loopline.routing.internal;

import java.util.Map;

/**
 * The static children of a trie node: an open-addressing table keyed by segment text that is probed with a
 * region of the request path, so a lookup allocates nothing (no substring). Immutable.
 */
final class StaticChildren {

    static final StaticChildren EMPTY = new StaticChildren(new String[1], new TrieNode[1], null, null);

    private final String[] keys;   // null marks a free slot; length is a power of two
    private final int shift;       // 32 - log2(keys.length), for Fibonacci hashing
    private final TrieNode[] nodes;
    private final String onlyKey;  // set when there is exactly one child: compared without hashing
    private final TrieNode onlyNode;

    private StaticChildren(String[] keys, TrieNode[] nodes, String onlyKey, TrieNode onlyNode) {
        this.keys = keys;
        this.shift = keys == null ? 0 : 32 - Integer.numberOfTrailingZeros(keys.length);
        this.nodes = nodes;
        this.onlyKey = onlyKey;
        this.onlyNode = onlyNode;
    }

    static StaticChildren of(Map<String, TrieNode> children) {
        if (children.isEmpty()) {
            return EMPTY;
        }
        if (children.size() == 1) {
            Map.Entry<String, TrieNode> only = children.entrySet().iterator().next();
            return new StaticChildren(null, null, only.getKey(), only.getValue());
        }
        int capacity = Integer.highestOneBit(children.size() * 2 - 1) << 1; // load factor <= 1/2
        String[] keys = new String[capacity];
        TrieNode[] nodes = new TrieNode[capacity];
        for (Map.Entry<String, TrieNode> child : children.entrySet()) {
            int slot = slot(child.getKey().hashCode(), 32 - Integer.numberOfTrailingZeros(capacity));
            while (keys[slot] != null) {
                slot = (slot + 1) & (capacity - 1);
            }
            keys[slot] = child.getKey();
            nodes[slot] = child.getValue();
        }
        return new StaticChildren(keys, nodes, null, null);
    }

    /** The child whose key equals {@code path[start, end)}, or null. */
    TrieNode get(String path, int start, int end) {
        if (this == EMPTY) {
            return null;
        }
        int length = end - start;
        if (onlyKey != null) {
            return onlyKey.length() == length && path.regionMatches(start, onlyKey, 0, length) ? onlyNode : null;
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + path.charAt(i); // String.hashCode of the region
        }
        int mask = keys.length - 1;
        for (int slot = slot(hash, shift); ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (key.length() == length && path.regionMatches(start, key, 0, length)) {
                return nodes[slot];
            }
        }
    }

    /**
     * The home slot of a hash: its top bits after multiplying by 2^32 / phi. Segment names like {@code res1},
     * {@code res2}... have nearly consecutive String hashes, which would cluster under linear probing.
     */
    private static int slot(int hash, int shift) {
        return shift == 32 ? 0 : (hash * 0x9E3779B9) >>> shift;
    }
}
