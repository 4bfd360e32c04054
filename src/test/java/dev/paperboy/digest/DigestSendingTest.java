package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Composing and sending digests through the ledger to a real SMTP server (GreenMail), and reading what arrives. */
class DigestSendingTest {
    static final LocalDate WEDNESDAY = LocalDate.of(2025, 12, 31);

    Inbox inbox;
    TestApp app;
    Subscriptions subscriptions;

    @BeforeEach
    void start() {
        inbox = new Inbox();
        app = TestApp.withDemo(withBaseUrl(inbox.settings()));
        subscriptions = app.app().digests().subscriptions();
    }

    /** Links in the mails point at {@code server.base-url}. */
    private static java.util.Map<String, String> withBaseUrl(java.util.Map<String, String> settings) {
        var all = new java.util.HashMap<>(settings);
        all.put("server.base-url", "http://localhost:8080");
        return all;
    }

    @AfterEach
    void stop() {
        app.close();
        inbox.close();
    }

    private DigestSender.Summary send() throws InterruptedException {
        return app.app().digestSender().send(Frequency.DAILY, WEDNESDAY, false, false);
    }

    @Test
    void a_digest_is_multipart_alternative_with_unsubscribe_headers_a_date_and_a_stable_message_id() throws Exception {
        var s = subscriptions.addConfirmed("reader@example.org", Preferences.of("daily", List.of(), null));
        assertThat(send().sent()).isEqualTo(1);

        MimeMessage m = inbox.to("reader@example.org").getFirst();
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        var parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        String unsubscribe = subscriptions.token(Subscriptions.Purpose.UNSUBSCRIBE, s.id());
        assertThat(m.getHeader("List-Unsubscribe", null)).isEqualTo("<mailto:digest@paperboy.test?subject=unsubscribe%20"
                + unsubscribe + ">, <http://localhost:8080/unsubscribe?token=" + unsubscribe + ">");
        assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(m.getHeader("Date", null)).isEqualTo("Wed, 31 Dec 2025 10:00:00 +0000 (UTC)");
        assertThat(m.getMessageID()).isEqualTo("<daily.2025-12-31." + s.id() + "@localhost>");
        assertThat(m.getSubject()).startsWith("Daily papers: ");

        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("the top 10 papers of Tuesday, 30 December 2025").contains("1. ").contains("10. ")
                .doesNotContain("11. ").contains("   Paper: http://localhost:8080/papers/")
                .contains("/subscribe/manage?token=").contains("Unsubscribe: http://localhost:8080/unsubscribe?token=");
        assertThat(html).contains("<a href=\"http://localhost:8080/papers/").contains(">Code</a>")
                .contains("/subscribe/manage?token=");
    }

    @Test
    void the_papers_are_the_periods_trending_ones_in_the_subscribers_categories_and_matching_their_search() throws Exception {
        var composer = app.app().digests().composer();
        try (var edition = composer.edition(DigestPeriod.of(Frequency.WEEKLY, WEDNESDAY), TestApp.DEMO_NOW)) {
            var all = edition.select(Preferences.of("weekly", List.of(), null), 10);
            assertThat(all).hasSize(10);
            assertThat(all).allSatisfy(l -> assertThat(l.placement().day()).isBetween(LocalDate.of(2025, 12, 24), LocalDate.of(2025, 12, 30)));
            var vision = edition.select(Preferences.of("weekly", List.of("cs.CV"), null), 10);
            assertThat(vision).isNotEmpty().allSatisfy(l -> assertThat(l.paper().categories()).contains("cs.CV"));
            var video = edition.select(Preferences.of("weekly", List.of(), "video"), 10);
            assertThat(video).isNotEmpty().allSatisfy(l -> assertThat((l.paper().title() + " " + l.paper().abstractText()).toLowerCase()).contains("video"));
        }
    }

    @Test
    void the_same_digest_is_sent_once_however_often_the_run_is_repeated() throws Exception {
        subscriptions.addConfirmed("once@example.org", Preferences.of("daily", List.of(), null));
        assertThat(send().sent()).isEqualTo(1);
        var again = send();
        assertThat(again.sent()).isZero();
        assertThat(again.skipped()).isEqualTo(1);
        assertThat(inbox.to("once@example.org")).hasSize(1);
    }

    @Test
    void an_address_with_a_members_digest_and_a_public_subscription_gets_one_digest_per_period() throws Exception {
        var member = app.app().community().accounts().create("both@example.org", "Both", dev.paperboy.community.Role.MEMBER);
        subscriptions.saveForMember(member, Preferences.of("daily", List.of(), null), false);
        subscriptions.addConfirmed("Both@Example.org", Preferences.of("daily", List.of(), null));

        var first = send();
        var again = send();

        assertThat(first.sent()).isEqualTo(1);
        assertThat(again.sent()).isZero();
        assertThat(inbox.to("both@example.org")).hasSize(1);
    }

    @Test
    void pending_and_unsubscribed_addresses_get_nothing_and_an_empty_period_sends_nothing() throws Exception {
        subscriptions.subscribe("pending@example.org", Preferences.of("daily", List.of(), null));
        subscriptions.addConfirmed("nothing@example.org", Preferences.of("daily", List.of(), "zzyzx qwxv"));
        var summary = send();
        assertThat(summary.sent()).isZero();
        assertThat(summary.empty()).isEqualTo(1);
        assertThat(inbox.to("nothing@example.org")).isEmpty();
        assertThat(inbox.to("pending@example.org")).extracting(MimeMessage::getSubject).containsExactly("Confirm your Paperboy digest");
    }

    @Test
    void a_refused_address_is_marked_bounced_and_the_others_still_get_theirs() throws Exception {
        subscriptions.addConfirmed("first@example.org", Preferences.of("daily", List.of(), null));
        var bad = subscriptions.addConfirmed("bad..address@example.org", Preferences.of("daily", List.of(), null));
        subscriptions.addConfirmed("last@example.org", Preferences.of("daily", List.of(), null));
        var summary = send();
        assertThat(summary.sent()).isEqualTo(2);
        assertThat(summary.bounced()).isEqualTo(1);
        assertThat(subscriptions.byId(bad.id()).orElseThrow().status()).isEqualTo(Subscription.Status.BOUNCED);
        assertThat(inbox.all()).hasSize(2);
    }

    @Test
    void a_dry_run_composes_but_sends_and_records_nothing() throws Exception {
        subscriptions.addConfirmed("dry@example.org", Preferences.of("daily", List.of(), null));
        var summary = app.app().digestSender().send(Frequency.DAILY, WEDNESDAY, true, true);
        assertThat(summary.sent()).isEqualTo(1);
        assertThat(summary.describe()).contains("1 would be sent");
        assertThat(inbox.all()).isEmpty();
        assertThat(send().sent()).isEqualTo(1);
    }

    @Test
    void a_member_who_asks_for_it_also_gets_the_periods_papers_nearest_to_their_library() throws Exception {
        var composer = app.app().digests().composer();
        var catalogue = app.app().catalogue();
        Preferences vision = Preferences.of("daily", List.of("cs.CV"), null);
        try (var edition = composer.edition(DigestPeriod.of(Frequency.DAILY, WEDNESDAY), TestApp.DEMO_NOW)) {
            var outside = edition.ranked().stream().filter(l -> !l.paper().categories().contains("cs.CV")).toList();
            var saved = outside.getFirst();
            var twin = outside.getLast();
            // Hand-made unit embeddings: the twin points where the saved paper does, every other paper elsewhere.
            var vectors = new java.util.HashMap<String, byte[]>();
            for (var l : edition.ranked()) {
                vectors.put(l.paper().id(), dev.paperboy.search.Vectors.toBytes(unit(1)));
            }
            vectors.put(saved.paper().id(), dev.paperboy.search.Vectors.toBytes(unit(0)));
            vectors.put(twin.paper().id(), dev.paperboy.search.Vectors.toBytes(unit(0)));
            catalogue.saveEmbeddings(dev.paperboy.embed.Embedder.MODEL, vectors);

            var accounts = app.app().community().accounts();
            var user = accounts.create("library@example.org", "Lib", dev.paperboy.community.Role.MEMBER);
            app.app().community().library().save(user, saved.paper().id());
            var with = subscriptions.saveForMember(user, vision, true).orElseThrow();
            var without = subscriptions.addConfirmed("plain@example.org", vision);
            try (var fresh = composer.edition(DigestPeriod.of(Frequency.DAILY, WEDNESDAY), TestApp.DEMO_NOW)) {
                assertThat(composer.compose(with, fresh).mail().text()).contains(twin.paper().id())
                        .doesNotContain("/papers/" + saved.paper().id() + "\n");
                assertThat(composer.compose(without, fresh).mail().text()).doesNotContain(twin.paper().id());
            }
        }
    }

    private static float[] unit(int axis) {
        var v = new float[384];
        v[axis] = 1;
        return v;
    }
}
