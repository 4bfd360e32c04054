package dev.paperboy.feed;

import dev.paperboy.paper.Listing;
import java.util.List;

/**
 * One page of the feed for a period.
 *
 * @param previous the nearest earlier period with papers, or null
 * @param next the nearest later period with papers, or null
 * @param categories categories present in the period, for the filter, most common first
 */
public record FeedPage(
        Period period, FeedFilter filter, List<Listing> items, int total, int page, int pageSize,
        Period previous, Period next, List<String> categories) {

    public int pages() {
        return Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean empty() {
        return total == 0;
    }
}
