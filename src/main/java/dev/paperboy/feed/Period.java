package dev.paperboy.feed;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Pattern;

/** A stretch of feed days that a page or an API call asks for: one day, one ISO week or one month. */
public sealed interface Period {

    /** First day included. */
    LocalDate from();

    /** First day after the period. */
    LocalDate until();

    /** The period's part of a URL path, e.g. {@code date/2025-12-30}. */
    String path();

    String label();

    Period previous();

    Period next();

    record Day(LocalDate day) implements Period {
        private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH);

        public LocalDate from() { return day; }
        public LocalDate until() { return day.plusDays(1); }
        public String path() { return "date/" + day; }
        public String label() { return LABEL.format(day); }
        public Period previous() { return new Day(day.minusDays(1)); }
        public Period next() { return new Day(day.plusDays(1)); }
    }

    /** An ISO week, Monday to Sunday, as Hugging Face's {@code week=YYYY-Www} means it. */
    record Week(LocalDate monday) implements Period {
        public LocalDate from() { return monday; }
        public LocalDate until() { return monday.plusWeeks(1); }
        public String path() { return "week/" + code(); }
        public String label() {
            return "Week " + monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + " of "
                    + monday.get(IsoFields.WEEK_BASED_YEAR);
        }
        public Period previous() { return new Week(monday.minusWeeks(1)); }
        public Period next() { return new Week(monday.plusWeeks(1)); }

        public String code() {
            return String.format(Locale.ROOT, "%d-W%02d",
                    monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
    }

    record Month(YearMonth month) implements Period {
        private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

        public LocalDate from() { return month.atDay(1); }
        public LocalDate until() { return month.plusMonths(1).atDay(1); }
        public String path() { return "month/" + month; }
        public String label() { return LABEL.format(month); }
        public Period previous() { return new Month(month.minusMonths(1)); }
        public Period next() { return new Month(month.plusMonths(1)); }
    }

    Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    /** @throws InvalidPeriodException unless {@code text} is a real date {@code YYYY-MM-DD} */
    static Day day(String text) {
        if (text == null || !DATE.matcher(text).matches()) {
            throw new InvalidPeriodException("'" + abbreviate(text) + "' is not a date; expected YYYY-MM-DD, e.g. 2025-12-30");
        }
        try {
            return new Day(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidPeriodException("'" + text + "' is not a calendar date; expected YYYY-MM-DD, e.g. 2025-12-30");
        }
    }

    /** @throws InvalidPeriodException unless {@code text} is an ISO week {@code YYYY-Www} that exists */
    static Week week(String text) {
        var m = text == null ? null : WEEK.matcher(text);
        if (m == null || !m.matches()) {
            throw new InvalidPeriodException("'" + abbreviate(text) + "' is not a week; expected YYYY-Www, e.g. 2025-W52");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate mid = LocalDate.of(year, 6, 1);
        if (week < 1 || week > mid.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            throw new InvalidPeriodException("week " + week + " does not exist in " + year);
        }
        return new Week(mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    /** @throws InvalidPeriodException unless {@code text} is a month {@code YYYY-MM} */
    static Month month(String text) {
        if (text == null || !MONTH.matcher(text).matches()) {
            throw new InvalidPeriodException("'" + abbreviate(text) + "' is not a month; expected YYYY-MM, e.g. 2025-12");
        }
        try {
            return new Month(YearMonth.parse(text));
        } catch (DateTimeParseException e) {
            throw new InvalidPeriodException("'" + text + "' is not a calendar month; expected YYYY-MM, e.g. 2025-12");
        }
    }

    static Week weekOf(LocalDate day) {
        return new Week(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
