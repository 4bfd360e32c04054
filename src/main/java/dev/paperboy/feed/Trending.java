package dev.paperboy.feed;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.Listing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The trending order: a published score, not an opaque one.
 *
 * <pre>score = (upvotes + commentWeight · comments) / (ageHours + 2) ^ gravity</pre>
 *
 * where age counts from when the paper entered the feed. Candidates are the papers that entered the feed in the
 * {@code window} before the latest feed day, so an instance whose feed stopped a while ago still trends.
 */
public final class Trending {
    private final Catalogue catalogue;
    private final FeedService feed;
    private final Clock clock;
    private final double gravity;
    private final double commentWeight;
    private final Duration window;

    public Trending(Catalogue catalogue, FeedService feed, Clock clock, double gravity, double commentWeight, Duration window) {
        this.catalogue = catalogue;
        this.feed = feed;
        this.clock = clock;
        this.gravity = gravity;
        this.commentWeight = commentWeight;
        this.window = window;
    }

    /** The formula with this server's parameters, as the trending page shows it. */
    public String formula() {
        return String.format(java.util.Locale.ROOT, "(upvotes + %s × comments) / (hours in the feed + 2)^%s, over the last %d days",
                trim(commentWeight), trim(gravity), window.toDays());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    public double score(Listing listing, Instant now) {
        return score(listing.upvotes(), listing.numComments(), listing.placement().enteredAt(), now);
    }

    private double score(int upvotes, int numComments, Instant enteredAt, Instant now) {
        double ageHours = Math.max(0, Duration.between(enteredAt, now).toMinutes() / 60.0);
        return (upvotes + commentWeight * numComments) / Math.pow(ageHours + 2, gravity);
    }

    /** Trending papers of a period, or of the recent window when {@code period} is null. */
    public List<Listing> rank(Period period, String submitter, int offset, int limit) {
        FeedQuery query;
        if (period != null) {
            query = new FeedQuery(period.from(), period.until(), null, false, submitter);
        } else {
            var latest = feed.latestDay().day();
            query = new FeedQuery(latest.minusDays(Math.max(1, window.toDays()) - 1), latest.plusDays(1), null, false, submitter);
        }
        Instant now = clock.instant();
        // Ranked on the scores alone; only the page shown is read whole.
        List<String> ids = catalogue.feedScores(query, 5_000).stream()
                .sorted(Comparator.comparingDouble((Catalogue.FeedScore f) -> score(f.upvotes(), f.numComments(), f.enteredAt(), now))
                        .reversed().thenComparing(Catalogue.FeedScore::id))
                .skip(offset)
                .limit(limit)
                .map(Catalogue.FeedScore::id)
                .toList();
        return catalogue.byIds(ids);
    }
}
