package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.TestApp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two senders with their own connection pools on one database, running at once, send each digest once. */
class TwoSendersTest {
    @TempDir
    Path dir;

    private App app(Inbox inbox) {
        Config config = dev.paperboy.TestDatabases.configure(Config.defaultsOnly().with("data.dir", dir.toString()));
        for (var s : inbox.settings().entrySet()) {
            config = config.with(s.getKey(), s.getValue());
        }
        return new App(config, Clock.fixed(TestApp.DEMO_NOW, ZoneOffset.UTC));
    }

    @Test
    void two_senders_on_one_database_at_the_same_time_send_each_subscriber_one_digest() throws Exception {
        try (var inbox = new Inbox(); var one = app(inbox)) {
            one.serverSecret();
            one.loadDemoIfEmpty();
            for (int i = 0; i < 200; i++) {
                one.digests().subscriptions().addConfirmed("both" + i + "@example.org", Preferences.of("daily", List.of(), null));
            }
            try (var two = app(inbox); var pool = Executors.newFixedThreadPool(2)) {
                var a = pool.submit(() -> one.digestSender().send(Frequency.DAILY, LocalDate.of(2025, 12, 31), false, false));
                var b = pool.submit(() -> two.digestSender().send(Frequency.DAILY, LocalDate.of(2025, 12, 31), false, false));
                var first = a.get();
                var second = b.get();
                assertThat(first.sent() + second.sent()).isEqualTo(200);
            }
            Map<String, Integer> perRecipient = new TreeMap<>();
            for (var m : inbox.all()) {
                perRecipient.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
            }
            assertThat(perRecipient).hasSize(200);
            assertThat(perRecipient.values()).containsOnly(1);
        }
    }
}
