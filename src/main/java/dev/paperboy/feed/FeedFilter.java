package dev.paperboy.feed;

/** What a reader narrowed the feed to: an arXiv category (or null for all), and whether papers must have code. */
public record FeedFilter(String category, boolean hasCode) {
    public static final FeedFilter NONE = new FeedFilter(null, false);

    public FeedFilter {
        category = category == null || category.isBlank() ? null : category.strip();
    }
}
