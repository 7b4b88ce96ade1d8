package com.example.bookmarks;

/** A stored bookmark. */
public record Bookmark(long id, String url, String title) {
}
