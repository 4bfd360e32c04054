package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ingest.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchWarmUpTest {
    @Test
    void each_title_is_searched_whole_and_by_its_first_two_words_then_it_is_done() {
        try (var backend = SearchBackends.inMemory(text -> SearchBackendContract.axis(1), SearchBackend.Settings.DEFAULT)) {
            backend.index(SearchBackendContract.CORPUS);
            backend.commit();
            var warmUp = new SearchWarmUp(backend, List.of("Coral reefs and ocean warming", "Transformers!"),
                    new ManualClock(Instant.parse("2026-01-01T00:00:00Z")));

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
            var clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
            var warmUp = new SearchWarmUp(backend, List.of("Coral reefs and ocean warming", "Batch normalization revisited"), clock);

            assertThat(warmUp.step()).isEqualTo(1);
            clock.advance(SearchWarmUp.LIMIT.plus(Duration.ofSeconds(1)));

            assertThat(warmUp.step()).isZero();
            assertThat(warmUp.done()).isTrue();
            assertThat(warmUp.describe()).isEqualTo("1 of 4 searches run (stopped at the time limit)");
        }
    }
}
