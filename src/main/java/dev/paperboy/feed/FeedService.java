package dev.paperboy.feed;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.Listing;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
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

    /** Where a period's Day / Week / Month tabs lead: the day, week and month of its latest day with papers. */
    public record Tabs(Period.Day day, Period.Week week, Period.Month month) {}

    public Tabs tabs(Period period) {
        LocalDate anchor;
        if (period instanceof Period.Day d) {
            anchor = d.day();
        } else {
            LocalDate last = period.until().minusDays(1);
            anchor = catalogue.feedDayOnOrBefore(last.isAfter(today()) ? today() : last)
                    .filter(day -> !day.isBefore(period.from()))
                    .orElse(period.from());
        }
        return new Tabs(new Period.Day(anchor), Period.weekOf(anchor), new Period.Month(YearMonth.from(anchor)));
    }

    /** Each day of the period that has papers for this filter, with its paper and upvote totals. */
    public List<Catalogue.DayTotals> days(Period period, FeedFilter filter) {
        return catalogue.feedDays(new FeedQuery(period.from(), period.until(), filter.category(), filter.hasCode(), null));
    }

    /** Days with papers within six weeks either side of a period, newest first: what the day picker offers. */
    public List<Catalogue.DayTotals> daysAround(Period period, FeedFilter filter) {
        LocalDate until = period.until().plusWeeks(6);
        var days = new java.util.ArrayList<>(catalogue.feedDays(new FeedQuery(period.from().minusWeeks(6),
                until.isAfter(today()) ? today().plusDays(1) : until, filter.category(), filter.hasCode(), null)));
        java.util.Collections.reverse(days);
        return days;
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
