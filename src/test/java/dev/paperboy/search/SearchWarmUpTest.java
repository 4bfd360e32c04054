package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchWarmUpTest {
    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void each_title_is_searched_whole_and_by_its_first_two_words_then_it_is_done() {
        try (var backend = SearchBackends.inMemory(text -> SearchBackendContract.axis(1), SearchBackend.Settings.DEFAULT)) {
            backend.index(SearchBackendContract.CORPUS);
            backend.commit();
            var warmUp = new SearchWarmUp(backend, List.of("Coral reefs and ocean warming", "Transformers!"), new HandClock());

            int steps = 0;
            while (warmUp.step() == 1) {
                steps++;
            }

            assertThat(steps).isEqualTo(3);
            assertThat(warmUp.done()).isTrue();
            assertThat(warmUp.describe()).isEqualTo("3 of 3 searches run");
        }
    }

    @Test
    void a_warm_up_that_outlasts_its_limit_stops_and_says_so() {
        try (var backend = SearchBackends.inMemory(text -> SearchBackendContract.axis(1), SearchBackend.Settings.DEFAULT)) {
            var clock = new HandClock();
            var warmUp = new SearchWarmUp(backend, List.of("Coral reefs and ocean warming", "Batch normalization revisited"), clock);

            assertThat(warmUp.step()).isEqualTo(1);
            clock.now = clock.now.plus(SearchWarmUp.LIMIT).plus(Duration.ofSeconds(1));

            assertThat(warmUp.step()).isZero();
            assertThat(warmUp.done()).isTrue();
            assertThat(warmUp.describe()).isEqualTo("1 of 4 searches run (stopped at the time limit)");
        }
    }
}
