package com.example.bookmarks;

/** Whether a bookmark's URL answered, and with which status (0 when it did not answer). */
public record Reachability(long id, boolean reachable, int status) {
}
