/** The router's implementation: the trie, pattern parsing, decoding, error details. Not API: it may change. */
package dev.loopline.routing.internal;
