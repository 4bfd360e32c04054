package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.KillLoop;
import dev.paperboy.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paperboy digest send} as its own JVM against GreenMail, killed with SIGKILL at random moments of successive
 * runs, then run to the end: no subscriber has two digests, and every subscriber has one, except a digest the
 * ledger reports in doubt (a kill between the end of data and the server's answer: see {@link SendLedger}).
 */
class DigestKillLoopTest {
    private static final int SUBSCRIBERS = 1_000;

    @TempDir
    Path dir;

    @Test
    void a_digest_run_killed_at_random_moments_and_run_again_sends_every_subscriber_exactly_one_digest() throws Exception {
        Path data = dir.resolve("data");
        try (var inbox = new Inbox()) {
            try (var app = new App(TestDatabases.configure(Config.defaultsOnly().with("data.dir", data.toString())), Clock.systemUTC())) {
                app.serverSecret();
                app.loadDemoIfEmpty();
                for (int i = 0; i < SUBSCRIBERS; i++) {
                    app.digests().subscriptions().addConfirmed("reader" + i + "@example.org",
                            Preferences.of("daily", i % 3 == 0 ? List.of("cs.CV") : List.of(), null));
                }
            }
            var env = new HashMap<String, String>();
            inbox.settings().forEach((key, value) -> env.put(Config.envName(key), value));
            env.put(Config.envName("digest.lease"), "PT3S");  // a killed run's claims are taken over 3 s later
            env.put(Config.envName("database.url"), TestDatabases.url(data));
            var loop = new KillLoop("digest", dir, env);
            String[] send = {"digest", "send", "--frequency", "daily", "--as-of", "2025-12-31", "--data", data.toString()};
            for (int i = 0; i < KillLoop.KILLS; i++) {
                loop.killSomewhereIn(Duration.ofSeconds(15), Duration.ofSeconds(5), () -> inbox.all().size(), send);
            }
            assertThat(loop.runToTheEnd(Duration.ofMinutes(3), send)).as(loop.lastLog()).isZero();

            Map<String, Integer> perRecipient = new TreeMap<>();
            for (var mail : inbox.all()) {
                perRecipient.merge(mail.getAllRecipients()[0].toString(), 1, Integer::sum);
            }
            Map<String, Integer> ledger;
            try (var database = TestDatabases.open(data)) {
                ledger = new SendLedger(database, Clock.systemUTC(), Duration.ofSeconds(3)).counts("daily:2025-12-31");
            }
            var spread = new TreeMap<Integer, Long>();
            perRecipient.values().forEach(n -> spread.merge(n, 1L, Long::sum));
            loop.report(perRecipient.size() + " recipients of " + SUBSCRIBERS + ", mails per recipient " + spread
                    + ", ledger " + ledger);
            int inDoubt = ledger.getOrDefault("sending", 0);
            assertThat(perRecipient.values()).as("digests per recipient").containsOnly(1);
            assertThat(ledger.getOrDefault("sent", 0) + inDoubt).as("ledger rows sent or in doubt").isEqualTo(SUBSCRIBERS);
            assertThat(inDoubt).as("at most one digest in doubt per kill").isLessThanOrEqualTo(KillLoop.KILLS);
            // A recipient without a digest is one the ledger says is in doubt, never one it says was sent.
            assertThat(perRecipient.size()).isBetween(SUBSCRIBERS - inDoubt, SUBSCRIBERS);
            assertThat(loop.lastLog()).contains(inDoubt == 0 ? "daily:2025-12-31: " : inDoubt + " in doubt");
        }
    }
}
