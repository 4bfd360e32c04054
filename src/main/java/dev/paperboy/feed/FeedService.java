package dev.paperboy.feed;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.Listing;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** The daily feed: which papers a day, week or month shows, in what order, and where to go next. */
public final class FeedService {
    private final Catalogue catalogue;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration newFor;
    private final int pageSize;

    public FeedService(Catalogue catalogue, Clock clock, ZoneId zone, Duration newFor, int pageSize) {
        this.catalogue = catalogue;
        this.clock = clock;
        this.zone = zone;
        this.newFor = newFor;
        this.pageSize = pageSize;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The latest day that has papers, not after today; today when the feed is empty. */
    public Period.Day latestDay() {
        return new Period.Day(catalogue.feedDayOnOrBefore(today()).orElse(today()));
    }

    /** Page {@code page} (1-based) of a period, most upvoted first. */
    public FeedPage page(Period period, FeedFilter filter, int page) {
        var query = new FeedQuery(period.from(), period.until(), filter.category(), filter.hasCode(), null);
        int total = catalogue.feedCount(query);
        int current = Math.max(1, page);
        List<Listing> items = catalogue.feed(query, Catalogue.Order.UPVOTES, (current - 1) * pageSize, pageSize);
        return new FeedPage(period, filter, items, total, current, pageSize,
                neighbour(period, false), neighbour(period, true),
                catalogue.feedCategories(period.from(), period.until(), 12));
    }

    /** True when the paper entered the feed within the configured window (24 hours by default). */
    public boolean isNew(Listing listing) {
        return listing.placement() != null
                && listing.placement().enteredAt().isAfter(clock.instant().minus(newFor));
    }

    // Days jump over weekends and holidays to the nearest day with papers; weeks and months step by one.
    private Period neighbour(Period period, boolean forward) {
        if (period instanceof Period.Day day) {
            return (forward ? catalogue.feedDayAfter(day.day()) : catalogue.feedDayBefore(day.day()))
                    .filter(d -> !forward || !d.isAfter(today()))
                    .<Period>map(Period.Day::new)
                    .orElse(null);
        }
        Period candidate = forward ? period.next() : period.previous();
        boolean exists = forward
                ? catalogue.feedDayAfter(period.until().minusDays(1)).filter(d -> !d.isAfter(today())).isPresent()
                : catalogue.feedDayBefore(period.from()).isPresent();
        return exists ? candidate : null;
    }
}
