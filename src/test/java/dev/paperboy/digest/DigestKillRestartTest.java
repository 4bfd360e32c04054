package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.App;
import dev.paperboy.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paperboy digest send} as a separate process against GreenMail, killed with SIGKILL in the middle of a run
 * and started again: every subscriber ends with exactly one digest. About 30 s.
 *
 * <p>The kill comes while the sender waits for the SMTP server (a proxy holds back the server's replies), which is
 * where a sender spends nearly all its time, so the test is deterministic. A kill between recording a digest's
 * intent and hearing the server's answer leaves it in doubt, never sent twice (see SendLedger and the README);
 * DigestKillLoopTest kills at random moments. The restarted run
 * must also take over the killed run's claim, whose lease runs out while it is sending the rest.
 */
class DigestKillRestartTest {
    static final int SUBSCRIBERS = 1_500;

    @TempDir
    Path dir;

    private Process send(Path data, Inbox inbox, int smtpPort, Path log) throws Exception {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.paperboy.cli.Main",
                "digest", "send", "--frequency", "daily", "--as-of", "2025-12-31", "--data", data.toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        for (var setting : inbox.settings().entrySet()) {
            builder.environment().put(Config.envName(setting.getKey()), setting.getValue());
        }
        builder.environment().put(Config.envName("smtp.port"), Integer.toString(smtpPort));
        builder.environment().put(Config.envName("digest.lease"), "PT3S");
        builder.environment().put(Config.envName("database.url"), dev.paperboy.TestDatabases.url(data));
        return builder.start();
    }

    @Test
    void a_digest_run_killed_midway_and_started_again_sends_every_subscriber_exactly_one_digest() throws Exception {
        Path data = dir.resolve("data");
        try (var inbox = new Inbox(); var proxy = new FreezableProxy(inbox.greenMail.getSmtp().getPort())) {
            try (var app = new App(dev.paperboy.TestDatabases.configure(Config.defaultsOnly().with("data.dir", data.toString())), Clock.systemUTC())) {
                app.serverSecret();
                app.loadDemoIfEmpty();
                var subscriptions = app.digests().subscriptions();
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    subscriptions.addConfirmed("reader" + i + "@example.org", Preferences.of("daily",
                            i % 3 == 0 ? List.of("cs.CV") : List.of(), null));
                }
            }

            Process first = send(data, inbox, proxy.port(), dir.resolve("first.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (inbox.all().size() < 100 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            proxy.freeze(true);
            Thread.sleep(500);
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            proxy.freeze(false);
            int beforeRestart = inbox.all().size();
            assertThat(beforeRestart).as(Files.readString(dir.resolve("first.log")))
                    .isBetween(100, SUBSCRIBERS - 1);

            Process second = send(data, inbox, proxy.port(), dir.resolve("second.log"));
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(log).isZero();

            Map<String, Integer> perRecipient = new TreeMap<>();
            for (var m : inbox.all()) {
                perRecipient.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
            }
            assertThat(perRecipient).hasSize(SUBSCRIBERS);
            assertThat(perRecipient.values()).as("digests per recipient").containsOnly(1);
            assertThat(log).contains("daily:2025-12-31: " + SUBSCRIBERS + " due");
        }
    }
}
