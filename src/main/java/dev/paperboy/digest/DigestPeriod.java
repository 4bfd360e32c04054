package dev.paperboy.digest;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * The stretch of feed days one digest covers, and the ledger key that makes it go out once per subscriber.
 * A daily digest sent on {@code asOf} covers the feed day before it (on a Monday: Friday to Sunday); a weekly one
 * the seven days before it. Keys: {@code daily:2026-11-27}, {@code weekly:2026-W48} (the ISO week of the sending
 * day, so a weekly digest goes out once a week whichever day it is sent).
 *
 * @param from first feed day covered
 * @param until first feed day after the period (the sending day)
 */
public record DigestPeriod(Frequency frequency, String key, LocalDate from, LocalDate until) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    public static DigestPeriod of(Frequency frequency, LocalDate asOf) {
        return switch (frequency) {
            case DAILY -> new DigestPeriod(frequency, "daily:" + asOf,
                    asOf.minusDays(asOf.getDayOfWeek() == DayOfWeek.MONDAY ? 3 : 1), asOf);
            case WEEKLY -> new DigestPeriod(frequency, String.format(Locale.ROOT, "weekly:%d-W%02d",
                    asOf.get(IsoFields.WEEK_BASED_YEAR), asOf.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                    asOf.minusDays(7), asOf);
        };
    }

    /** "Tuesday, 30 December 2025", or "the week of 24 to 30 December 2025". */
    public String label() {
        LocalDate last = until.minusDays(1);
        if (frequency == Frequency.DAILY && from.equals(last)) {
            return DAY.format(last);
        }
        return (frequency == Frequency.WEEKLY ? "the week of " : "") + from.getDayOfMonth()
                + (from.getMonth() == last.getMonth() ? "" : " " + from.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH))
                + (from.getYear() == last.getYear() ? "" : " " + from.getYear())
                + " to " + SHORT.format(last);
    }
}
