package dev.paperboy.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestDatabases;
import dev.paperboy.ingest.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases on the real database (SQLite, or PostgreSQL in the second run), with a clock the test moves. */
class LeasesTest {
    private static final Duration TTL = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private Database database;
    private Leases leases;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir);
        leases = new Leases(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_free_lease_goes_to_the_first_holder_and_the_second_is_told_who_has_it() {
        assertThat(leases.acquire("job", "node-a/1/x", TTL)).isEmpty();
        assertThat(leases.acquire("job", "node-b/2/y", TTL)).get().asString()
                .startsWith("node-a/1/x until 2026-11-30T12:02:00Z");
        assertThat(leases.holder("job")).contains("node-a/1/x");
    }

    @Test
    void the_holder_that_renews_keeps_the_lease_past_its_first_term() {
        leases.acquire("job", "node-a/1/x", TTL);
        clock.advance(Duration.ofSeconds(90));
        assertThat(leases.renew("job", "node-a/1/x", TTL)).isTrue();
        clock.advance(Duration.ofSeconds(90));
        assertThat(leases.acquire("job", "node-b/2/y", TTL)).isPresent();
        assertThat(leases.holder("job")).contains("node-a/1/x");
    }

    @Test
    void an_expired_lease_passes_to_another_holder_and_the_old_one_cannot_renew_it() {
        leases.acquire("job", "node-a/1/x", TTL);
        clock.advance(TTL);
        assertThat(leases.holder("job")).isEmpty();
        assertThat(leases.acquire("job", "node-b/2/y", TTL)).isEmpty();
        assertThat(leases.renew("job", "node-a/1/x", TTL)).isFalse();
        assertThat(leases.holder("job")).contains("node-b/2/y");
    }

    @Test
    void a_released_lease_is_free_at_once_and_only_its_holder_can_release_it() {
        leases.acquire("job", "node-a/1/x", TTL);
        leases.release("job", "node-b/2/y");
        assertThat(leases.holder("job")).contains("node-a/1/x");
        leases.release("job", "node-a/1/x");
        assertThat(leases.acquire("job", "node-b/2/y", TTL)).isEmpty();
    }

    @Test
    void leases_of_different_names_are_held_independently() {
        assertThat(leases.acquire("indexing", "node-a/1/x", TTL)).isEmpty();
        assertThat(leases.acquire("digests", "node-b/2/y", TTL)).isEmpty();
        assertThat(leases.holder("indexing")).contains("node-a/1/x");
        assertThat(leases.holder("digests")).contains("node-b/2/y");
    }

    @Test
    void a_worker_step_runs_only_on_the_owner_and_moves_to_another_when_the_owner_stops_renewing() {
        var ranOnA = new AtomicInteger();
        var ranOnB = new AtomicInteger();
        try (var a = leases.owner(TTL); var b = leases.owner(TTL)) {
            var stepA = a.whileHolding("search-index", ranOnA::incrementAndGet);
            var stepB = b.whileHolding("search-index", ranOnB::incrementAndGet);
            for (int i = 0; i < 5; i++) {
                stepA.getAsInt();
                stepB.getAsInt();
                clock.advance(Duration.ofSeconds(30));
            }
            assertThat(ranOnA).hasValue(5);
            assertThat(ranOnB).hasValue(0);

            // A hangs (or was killed): it stops renewing. Within the lease time B takes over, and A, if it comes
            // back, finds it has lost the work.
            clock.advance(TTL);
            assertThat(stepB.getAsInt()).isEqualTo(1);
            assertThat(stepA.getAsInt()).isZero();
            assertThat(ranOnA).hasValue(5);
            assertThat(ranOnB).hasValue(1);
        }
    }

    @Test
    void an_owner_that_closes_hands_its_work_over_at_once() {
        var a = leases.owner(TTL);
        var b = leases.owner(TTL);
        assertThat(a.holds("digest-schedule")).isTrue();
        assertThat(b.holds("digest-schedule")).isFalse();
        a.close();
        assertThat(b.holds("digest-schedule")).isTrue();
        b.close();
    }

    @Test
    void holders_racing_from_two_connection_pools_for_a_free_lease_give_it_to_exactly_one() throws Exception {
        try (var other = TestDatabases.open(dir); var pool = Executors.newFixedThreadPool(8)) {
            var otherLeases = new Leases(other, clock);
            var start = new CountDownLatch(1);
            var tasks = new ArrayList<Callable<Boolean>>();
            for (int i = 0; i < 8; i++) {
                Leases l = i % 2 == 0 ? leases : otherLeases;
                String holder = "node-" + i + "/" + i + "/x";
                tasks.add(() -> {
                    start.await();
                    return l.acquire("race", holder, TTL).isEmpty();
                });
            }
            var futures = tasks.stream().map(pool::submit).toList();
            start.countDown();
            int winners = 0;
            for (var f : futures) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        }
    }
}
