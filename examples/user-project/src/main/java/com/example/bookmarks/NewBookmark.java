package com.example.bookmarks;

/** What a client posts to create a bookmark. */
public record NewBookmark(String url, String title) {
}
