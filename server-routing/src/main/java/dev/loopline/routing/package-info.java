/** Routing for Loopline: a trie router, filters, typed parameters and JSON binding. */
package dev.loopline.routing;
