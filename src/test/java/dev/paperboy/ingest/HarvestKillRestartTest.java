package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ingest.OaiReplayServer.Slow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paperboy harvest} as a separate process, killed with SIGKILL in the middle of a harvest and run again: the
 * catalogue ends exactly as after an uninterrupted run. Real time here (the 3 s spacing included): about 8 s.
 */
class HarvestKillRestartTest {
    @TempDir
    Path dir;

    private static Process harvest(String baseUrl, Path data, Path log) throws Exception {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.paperboy.cli.Main",
                "harvest", "--base-url", baseUrl, "--data", data.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(dev.paperboy.Config.envName("database.url"), dev.paperboy.TestDatabases.url(data));
        return builder.start();
    }

    /** The rules the CLI runs with: the defaults. */
    private static FeedRules defaultFeedRules() {
        var config = dev.paperboy.Config.defaultsOnly();
        return new FeedRules(config.bool("feed.arxiv-auto"), config.list("feed.arxiv-categories"));
    }

    @Test
    void a_harvest_killed_mid_page_and_run_again_ends_like_an_uninterrupted_one() throws Exception {
        try (var server = new OaiReplayServer(Clock.systemUTC(), 4)) {
            server.fault(2, new Slow(Duration.ofSeconds(20)));
            Path data = dir.resolve("killed");

            Process first = harvest(server.uri().toString(), data, dir.resolve("first.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.requests.stream().noneMatch(r -> r.query().contains("resumptionToken")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(server.requests).hasSize(2);

            Process second = harvest(server.uri().toString(), data, dir.resolve("second.log"));
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(java.nio.file.Files.readString(dir.resolve("second.log"))).isZero();
            assertThat(server.requests).extracting(OaiReplayServer.Request::query).last()
                    .isEqualTo("verb=ListRecords&resumptionToken=t1");
            assertThat(Duration.between(server.requests.get(1).at(), server.requests.get(2).at()))
                    .as("the restarted process keeps the 3 s spacing after the killed one's last request")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2900));

            var manual = new ManualClock(Harvesting.START);
            try (var killed = new Harvesting(data, server.uri(), manual);
                    var uninterrupted = new Harvesting(dir.resolve("uninterrupted"), server.uri(), manual,
                            Duration.ofSeconds(5), Duration.ofMinutes(1), defaultFeedRules())) {
                uninterrupted.harvest();
                assertThat(killed.ids()).containsExactlyElementsOf(OaiReplayServer.RECORD_IDS);
                assertThat(killed.papers()).isEqualTo(uninterrupted.papers());
                assertThat(killed.feed()).isEqualTo(uninterrupted.feed()).isEmpty(); // no cs papers in these records
                assertThat(killed.log.lastRun()).get().extracting(HarvestReport::outcome, HarvestReport::inserted)
                        .containsExactly("ok", 3L);
            }
        }
    }
}
