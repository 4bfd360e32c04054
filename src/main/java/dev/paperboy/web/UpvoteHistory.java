package dev.paperboy.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * A paper's upvotes over time, for the chart on its page: the running total per day from its first vote cast here
 * to today. Upvotes imported from elsewhere (a Hugging Face dump) carry no date; they are the starting level.
 *
 * @param imported upvotes counted before the first vote here
 * @param days the running total on each day, oldest first; empty when no vote was cast here
 */
public record UpvoteHistory(long imported, List<Charts.Point> days) {
    // A long history is shown as its last stretch: the chart stays readable on a phone.
    private static final int MAX_DAYS = 120;

    static UpvoteHistory of(long total, SortedMap<LocalDate, Integer> perDay, LocalDate today) {
        long local = perDay.values().stream().mapToLong(Integer::longValue).sum();
        long imported = Math.max(0, total - local);
        if (perDay.isEmpty()) {
            return new UpvoteHistory(imported, List.of());
        }
        LocalDate last = today.isBefore(perDay.lastKey()) ? perDay.lastKey() : today;
        LocalDate first = perDay.firstKey().isBefore(last.minusDays(MAX_DAYS - 1)) ? last.minusDays(MAX_DAYS - 1) : perDay.firstKey();
        long running = imported + perDay.headMap(first).values().stream().mapToLong(Integer::longValue).sum();
        var days = new ArrayList<Charts.Point>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            running += perDay.getOrDefault(day, 0);
            days.add(new Charts.Point(View.day(day), running));
        }
        return new UpvoteHistory(imported, days);
    }

    public boolean empty() {
        return days.isEmpty();
    }

    /** The chart, with a sentence saying what it shows. */
    public String svg() {
        return Charts.cumulative(days, summary());
    }

    public String summary() {
        long now = days.getLast().value();
        return String.format(Locale.ROOT, "Upvotes over time: from %,d on %s to %,d on %s%s", days.getFirst().value(),
                days.getFirst().label(), now, days.getLast().label(),
                imported > 0 ? String.format(Locale.ROOT, " (%,d of them imported from Hugging Face, undated)", imported) : "");
    }
}
