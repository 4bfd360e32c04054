package dev.paperboy.digest;

import dev.paperboy.Config;
import dev.paperboy.ConfigException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When digests go out: daily ones on weekdays, weekly ones on {@code weeklyDay}, both at {@code time} in
 * {@code zone} ({@code digest.time}, {@code digest.zone}, {@code digest.weekly-day}).
 */
public record DigestSchedule(LocalTime time, ZoneId zone, DayOfWeek weeklyDay) {

    public static DigestSchedule from(Config config) {
        DayOfWeek day;
        try {
            day = DayOfWeek.valueOf(config.string("digest.weekly-day").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("digest.weekly-day must be a day of the week like monday, not '"
                    + config.string("digest.weekly-day") + "'");
        }
        try {
            return new DigestSchedule(LocalTime.parse(config.string("digest.time")), config.zone("digest.zone"), day);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException("digest.time must look like 07:00, not '" + config.string("digest.time") + "'");
        }
    }

    public boolean isSendDay(Frequency frequency, LocalDate day) {
        return switch (frequency) {
            case DAILY -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
            case WEEKLY -> day.getDayOfWeek() == weeklyDay;
        };
    }

    /** The first sending day of {@code frequency} on or after {@code day}. */
    public LocalDate nextSendDay(Frequency frequency, LocalDate day) {
        LocalDate d = day;
        while (!isSendDay(frequency, d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** The frequencies whose digest is due at {@code now}: today is their day and the time has come. */
    public List<Frequency> dueAt(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        var due = new ArrayList<Frequency>();
        if (!local.toLocalTime().isBefore(time)) {
            for (Frequency f : Frequency.values()) {
                if (isSendDay(f, local.toLocalDate())) {
                    due.add(f);
                }
            }
        }
        return due;
    }

    public LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }
}
