package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestSchedulerTest {
    static final DigestSchedule SCHEDULE = new DigestSchedule(LocalTime.of(7, 0), ZoneId.of("Europe/Berlin"), DayOfWeek.MONDAY);

    @Test
    void daily_digests_are_due_on_weekdays_after_the_configured_local_time_and_weekly_ones_on_their_day() {
        // 2025-12-29 is a Monday; 06:00 UTC is 07:00 in Berlin.
        assertThat(SCHEDULE.dueAt(Instant.parse("2025-12-29T05:59:00Z"))).isEmpty();
        assertThat(SCHEDULE.dueAt(Instant.parse("2025-12-29T06:00:00Z"))).containsExactly(Frequency.DAILY, Frequency.WEEKLY);
        assertThat(SCHEDULE.dueAt(Instant.parse("2025-12-31T12:00:00Z"))).containsExactly(Frequency.DAILY);
        assertThat(SCHEDULE.dueAt(Instant.parse("2026-01-03T12:00:00Z"))).isEmpty();
        assertThat(SCHEDULE.nextSendDay(Frequency.DAILY, LocalDate.of(2026, 1, 3))).isEqualTo(LocalDate.of(2026, 1, 5));
    }

    @Test
    void a_monday_daily_digest_covers_the_weekend_and_a_weekly_one_the_seven_days_before() {
        var monday = DigestPeriod.of(Frequency.DAILY, LocalDate.of(2025, 12, 29));
        assertThat(monday.key()).isEqualTo("daily:2025-12-29");
        assertThat(monday.from()).isEqualTo(LocalDate.of(2025, 12, 26));
        var weekly = DigestPeriod.of(Frequency.WEEKLY, LocalDate.of(2025, 12, 31));
        assertThat(weekly.key()).isEqualTo("weekly:2026-W01");
        assertThat(weekly.from()).isEqualTo(LocalDate.of(2025, 12, 24));
        assertThat(weekly.label()).isEqualTo("the week of 24 to 30 December 2025");
    }

    @Test
    void the_scheduler_sends_nothing_before_the_time_then_everything_due_once() {
        var inbox = new Inbox();
        try (inbox; var app = TestApp.withDemo(inbox.settings())) {
            app.app().digests().subscriptions().addConfirmed("early@example.org", Preferences.of("daily", List.of(), null));
            var schedule = new DigestSchedule(LocalTime.of(7, 0), ZoneOffset.UTC, DayOfWeek.MONDAY);
            var sender = app.app().digestSender();
            assertThat(new DigestScheduler(schedule, sender, Clock.fixed(Instant.parse("2025-12-31T06:59:00Z"), ZoneOffset.UTC)).tick()).isZero();
            var onTime = new DigestScheduler(schedule, sender, Clock.fixed(Instant.parse("2025-12-31T07:00:00Z"), ZoneOffset.UTC));
            assertThat(onTime.tick()).isEqualTo(1);
            assertThat(onTime.tick()).as("the next tick finds it sent").isZero();
            assertThat(inbox.to("early@example.org")).hasSize(1);
        }
    }
}
