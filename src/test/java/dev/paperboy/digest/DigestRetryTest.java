package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.mail.SmtpSink;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transient SMTP refusals are retried with growing waits; permanent ones bounce the address and the run goes on. */
class DigestRetryTest {
    static final LocalDate WEDNESDAY = LocalDate.of(2025, 12, 31);

    private static TestApp app(SmtpSink sink) {
        return TestApp.withDemo(Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(sink.port()),
                "smtp.tls", "none", "search.embed", "false", "digest.schedule", "false",
                "digest.retry-initial", "PT0.2S", "digest.retry-attempts", "4", "smtp.password", "hunter2-secret"));
    }

    @Test
    void a_digest_refused_for_now_at_the_end_of_data_is_sent_again_after_a_growing_wait() throws Exception {
        try (var sink = new SmtpSink().refuseNext(2, "451 4.3.0 try again later"); var app = app(sink)) {
            app.app().digests().subscriptions().addConfirmed("patient@example.org", Preferences.of("daily", List.of(), null));
            var summary = app.app().digestSender().send(Frequency.DAILY, WEDNESDAY, false, false);
            assertThat(summary.sent()).isEqualTo(1);
            assertThat(summary.failed()).isZero();
            assertThat(sink.messages()).isEqualTo(1);
            assertThat(summary.total()).as("waited 0.2 s, then 0.4 s").isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void a_digest_that_keeps_failing_is_left_for_a_later_run_and_the_address_stays_subscribed() throws Exception {
        try (var sink = new SmtpSink().refuseNext(4, "451 4.3.0 try again later"); var app = app(sink)) {
            var s = app.app().digests().subscriptions().addConfirmed("later@example.org", Preferences.of("daily", List.of(), null));
            var summary = app.app().digestSender().send(Frequency.DAILY, WEDNESDAY, false, false);
            assertThat(summary.failed()).isEqualTo(1);
            assertThat(sink.messages()).isZero();
            assertThat(app.app().digests().subscriptions().byId(s.id()).orElseThrow().status()).isEqualTo(Subscription.Status.ACTIVE);
        }
    }

    @Test
    void a_permanent_refusal_bounces_that_address_only() throws Exception {
        try (var sink = new SmtpSink().refuseNext(1, "550 5.1.1 no such user"); var app = app(sink)) {
            var subscriptions = app.app().digests().subscriptions();
            subscriptions.addConfirmed("a-gone@example.org", Preferences.of("daily", List.of(), null));
            subscriptions.addConfirmed("b-here@example.org", Preferences.of("daily", List.of(), null));
            subscriptions.addConfirmed("c-here@example.org", Preferences.of("daily", List.of(), null));
            // Subscriptions go out in id order (random ids): the first one sent is the one refused.
            var order = subscriptions.active(Frequency.DAILY);
            var summary = app.app().digestSender().send(Frequency.DAILY, WEDNESDAY, false, false);
            assertThat(summary.bounced()).isEqualTo(1);
            assertThat(summary.sent()).isEqualTo(2);
            assertThat(subscriptions.byId(order.getFirst().id()).orElseThrow().status()).isEqualTo(Subscription.Status.BOUNCED);
        }
    }

    @Test
    void the_smtp_password_is_not_in_the_settings_as_printed_nor_in_a_failure_message() throws Exception {
        try (var sink = new SmtpSink().refuseNext(4, "451 4.3.0 try again later"); var app = app(sink)) {
            assertThat(app.app().mailer().settings().toString()).doesNotContain("hunter2").contains("password=(set)");
            app.app().digests().subscriptions().addConfirmed("secret@example.org", Preferences.of("daily", List.of(), null));
            try (var connection = app.app().mailer().open()) {
                var failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                        connection.send(dev.paperboy.mail.Mail.plain("secret@example.org", "hi", "text")));
                assertThat(failure).hasMessageNotContaining("hunter2");
            }
        }
    }
}
