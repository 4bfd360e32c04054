package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HarvestSchedulerTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void the_next_run_is_today_after_the_announcement_when_that_is_still_ahead() {
        assertThat(HarvestScheduler.nextRun(Instant.parse("2026-01-15T12:00:00Z"), LocalTime.of(23, 30), NEW_YORK))
                .isEqualTo(Instant.parse("2026-01-16T04:30:00Z"));
    }

    @Test
    void the_next_run_is_tomorrow_once_todays_time_has_passed_and_follows_daylight_saving() {
        assertThat(HarvestScheduler.nextRun(Instant.parse("2026-07-16T03:30:00Z"), LocalTime.of(23, 30), NEW_YORK))
                .isEqualTo(Instant.parse("2026-07-17T03:30:00Z"));
    }
}
