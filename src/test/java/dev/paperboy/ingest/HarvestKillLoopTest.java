package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Config;
import dev.paperboy.KillLoop;
import dev.paperboy.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paperboy harvest} as its own JVM against the replayed OAI-PMH fixtures (four pages, 3 s apart), killed
 * with SIGKILL at random moments of successive runs, then run to the end: the catalogue ends exactly as after an
 * uninterrupted harvest.
 */
class HarvestKillLoopTest {
    @TempDir
    Path dir;

    private static long requests(OaiReplayServer server) {
        return server.requests.size();
    }

    @Test
    void a_harvest_killed_at_random_moments_and_run_again_ends_like_an_uninterrupted_one() throws Exception {
        try (var server = new OaiReplayServer(Clock.systemUTC(), 2)) {
            Path data = dir.resolve("killed");
            var loop = new KillLoop("harvest", dir, Map.of(Config.envName("database.url"), TestDatabases.url(data)));
            String[] harvest = {"harvest", "--base-url", server.uri().toString(), "--data", data.toString()};
            // A run: a JVM starting, then four requests 3 s apart (the spacing holds across processes too).
            for (int i = 0; i < KillLoop.KILLS; i++) {
                loop.killSomewhereIn(Duration.ofSeconds(18), Duration.ofSeconds(9), () -> requests(server), harvest);
            }
            assertThat(loop.runToTheEnd(Duration.ofMinutes(3), harvest)).as(loop.lastLog()).isZero();

            var manual = new ManualClock(Harvesting.START);
            var feedRules = new FeedRules(Config.defaultsOnly().bool("feed.arxiv-auto"), Config.defaultsOnly().list("feed.arxiv-categories"));
            try (var killed = new Harvesting(data, server.uri(), manual);
                    var uninterrupted = new Harvesting(dir.resolve("uninterrupted"), server.uri(), manual,
                            Duration.ofSeconds(5), Duration.ofMinutes(1), feedRules)) {
                uninterrupted.harvest();
                var actual = new ArrayList<String>(killed.papers());
                actual.addAll(killed.feed());
                List<String> expected = new ArrayList<>(uninterrupted.papers());
                expected.addAll(uninterrupted.feed());
                loop.report(KillLoop.fingerprint(actual) + " (uninterrupted: " + KillLoop.fingerprint(expected) + "), "
                        + server.requests.size() + " requests in all");
                assertThat(killed.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
                assertThat(actual).isEqualTo(expected);
                assertThat(killed.log.lastRun()).get().extracting(HarvestReport::outcome).isEqualTo("ok");
            }
        }
    }
}
