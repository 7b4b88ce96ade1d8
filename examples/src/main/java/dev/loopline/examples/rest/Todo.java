package dev.loopline.examples.rest;

/** A stored to-do item, as the API returns it. */
public record Todo(long id, String title, boolean done) {
}
