package dev.paperboy.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.web.Member;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subscribing without an account, confirming, leaving and managing, over HTTP against the real server and GreenMail. */
class SubscribingTest {
    static Inbox inbox;
    static TestApp app;

    @BeforeAll
    static void start() {
        inbox = new Inbox();
        var settings = new java.util.HashMap<>(inbox.settings());
        settings.put("ratelimit.subscribe", "1000/1h");
        app = TestApp.withDemo(settings).start();
    }

    @AfterAll
    static void stop() {
        app.close();
        inbox.close();
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Subscription subscribeAndConfirm(String email) throws Exception {
        assertThat(post("/api/subscriptions", "application/json",
                "{\"email\":\"" + email + "\",\"frequency\":\"weekly\",\"categories\":[\"cs.LG\"]}").statusCode()).isEqualTo(202);
        String confirm = Inbox.link(inbox.to(email).getFirst(), "/subscribe/confirm");
        assertThat(app.get(confirm).statusCode()).isEqualTo(200);
        String id = confirm.substring(confirm.indexOf("token=") + 6, confirm.indexOf('.'));
        return app.app().digests().subscriptions().byId(id).orElseThrow();
    }

    private static String unsubscribeToken(Subscription s) {
        return app.app().digests().subscriptions().token(Subscriptions.Purpose.UNSUBSCRIBE, s.id());
    }

    @Test
    void subscribing_by_json_mails_a_confirmation_link_and_the_subscription_waits_for_it() throws Exception {
        var response = post("/api/subscriptions", "application/json",
                "{\"email\":\"Ada@Example.org\",\"frequency\":\"daily\",\"categories\":[\"cs.LG\",\"stat.ML\"],\"query\":\"adaptive batch size\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"status\":\"pending\"").contains("\"categories\":[\"cs.LG\",\"stat.ML\"]");

        var mails = inbox.to("ada@example.org");
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().getSubject()).isEqualTo("Confirm your Paperboy digest");
        String confirm = Inbox.link(mails.getFirst(), "/subscribe/confirm");
        String id = confirm.substring(confirm.indexOf("token=") + 6, confirm.indexOf('.'));
        var subscriptions = app.app().digests().subscriptions();
        assertThat(subscriptions.byId(id).orElseThrow().status()).isEqualTo(Subscription.Status.PENDING);
        assertThat(subscriptions.active(Frequency.DAILY)).extracting(Subscription::id).doesNotContain(id);

        var page = app.get(confirm);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("You are subscribed").contains("ada@example.org");
        assertThat(subscriptions.byId(id).orElseThrow().status()).isEqualTo(Subscription.Status.ACTIVE);
        assertThat(subscriptions.active(Frequency.DAILY)).extracting(Subscription::id).contains(id);
        assertThat(app.get(confirm).statusCode()).as("following the link twice is harmless").isEqualTo(200);
    }

    @Test
    void the_footer_form_opens_the_subscribe_page_with_the_address_filled_in() {
        assertThat(app.get("/papers").body()).contains("action=\"/subscribe\"").contains("name=\"email\"");
        var page = app.get("/subscribe?email=grace%40example.org");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"grace@example.org\"").contains("name=\"_csrf\"");
    }

    @Test
    void the_subscribe_form_works_with_its_csrf_token_and_not_without() {
        var visitor = Member.anonymous(app);
        visitor.get("/subscribe");
        var form = Map.of("email", "form@example.org", "frequency", "weekly", "categories", "cs.CV, cs.LG", "query", "");
        assertThat(visitor.postFormRaw("/subscribe", form).statusCode()).isEqualTo(403);
        var done = visitor.postForm("/subscribe", form);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Check your mail");
        assertThat(inbox.to("form@example.org")).hasSize(1);
    }

    @Test
    void bad_input_is_refused_with_a_clear_message() throws Exception {
        var cases = Map.of(
                "{\"email\":\"not an address\",\"frequency\":\"daily\"}", "is not an email address",
                "{\"email\":\"x@example.org\",\"frequency\":\"hourly\"}", "frequency must be daily or weekly",
                "{\"email\":\"x@example.org\",\"frequency\":\"daily\",\"categories\":[\"cs.LG\",\"cooking\"]}", "'cooking' is not an arXiv category",
                "{\"email\":\"x@example.org\",\"frequency\":\"daily\",\"categories\":[\"foo.BAR\"]}", "'foo.BAR' is not an arXiv category",
                "{\"email\":\"x@example.org\",\"frequency\":\"daily\",\"query\":\"" + "a".repeat(10_000) + "\"}", "at most 1000 characters, not 10000",
                "not json", "not valid JSON");
        for (var c : cases.entrySet()) {
            var response = post("/api/subscriptions", "application/json", c.getKey());
            assertThat(response.statusCode()).as(c.getValue()).isEqualTo(400);
            assertThat(response.body()).as(c.getValue()).contains(c.getValue());
        }
        assertThat(inbox.to("x@example.org")).isEmpty();
    }

    @Test
    void one_click_unsubscribe_is_a_post_without_cookies_and_works_twice() throws Exception {
        var s = subscribeAndConfirm("oneclick@example.org");
        var first = post("/unsubscribe?token=" + unsubscribeToken(s), "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(app.app().digests().subscriptions().byId(s.id()).orElseThrow().status())
                .isEqualTo(Subscription.Status.UNSUBSCRIBED);
        assertThat(post("/unsubscribe?token=" + unsubscribeToken(s), "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click").statusCode()).isEqualTo(200);
    }

    @Test
    void the_unsubscribe_link_shows_a_page_with_a_button_and_unsubscribes_nobody_by_itself() throws Exception {
        var s = subscribeAndConfirm("getlink@example.org");
        var page = app.get("/unsubscribe?token=" + unsubscribeToken(s));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Stop sending Paperboy digests to getlink@example.org?")
                .contains("<form method=\"post\" action=\"/unsubscribe?token=" + unsubscribeToken(s) + "\">");
        assertThat(app.app().digests().subscriptions().byId(s.id()).orElseThrow().status())
                .isEqualTo(Subscription.Status.ACTIVE);
        assertThat(post("/unsubscribe?token=" + unsubscribeToken(s), null, "").statusCode()).isEqualTo(200);
        assertThat(app.get("/unsubscribe?token=" + unsubscribeToken(s)).body()).contains("You are unsubscribed");
    }

    @Test
    void a_forged_or_altered_token_is_refused_with_the_same_words_whether_or_not_the_subscription_exists() throws Exception {
        var s = subscribeAndConfirm("forged@example.org");
        String genuine = unsubscribeToken(s);
        String altered = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BB" : "AA");
        String unknown = "AAAAAAAAAAAAAAAAAAAAAA." + genuine.substring(genuine.indexOf('.') + 1);
        String confirmAsUnsubscribe = app.app().digests().subscriptions().token(Subscriptions.Purpose.CONFIRM, s.id());
        var bodies = new java.util.HashSet<String>();
        for (String token : java.util.List.of(altered, unknown, confirmAsUnsubscribe, "garbage")) {
            var response = post("/unsubscribe?token=" + token, null, "");
            assertThat(response.statusCode()).as(token).isEqualTo(400);
            bodies.add(response.body().replaceAll("(?s).*<main[^>]*>(.*)</main>.*", "$1"));
            assertThat(app.get("/unsubscribe?token=" + token).statusCode()).isEqualTo(400);
            assertThat(app.get("/subscribe/manage?token=" + token).statusCode()).isEqualTo(400);
        }
        assertThat(bodies).hasSize(1);
        assertThat(bodies.iterator().next()).contains("This link is not valid").doesNotContain("forged@example.org");
        assertThat(app.app().digests().subscriptions().byId(s.id()).orElseThrow().status()).isEqualTo(Subscription.Status.ACTIVE);
    }

    @Test
    void the_manage_link_changes_what_a_subscriber_gets() throws Exception {
        var s = subscribeAndConfirm("manage@example.org");
        String token = app.app().digests().subscriptions().token(Subscriptions.Purpose.MANAGE, s.id());
        var visitor = Member.anonymous(app);
        var page = visitor.get("/subscribe/manage?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"cs.LG\"").contains("manage@example.org");
        var saved = visitor.postForm("/subscribe/manage", Map.of("token", token, "frequency", "daily",
                "categories", "cs.CV", "query", "diffusion"));
        assertThat(saved.statusCode()).isEqualTo(200);
        var now = app.app().digests().subscriptions().byId(s.id()).orElseThrow();
        assertThat(now.preferences()).isEqualTo(new Preferences(Frequency.DAILY, java.util.List.of("cs.CV"), "diffusion"));
    }

    @Test
    void a_confirmed_member_starts_a_digest_from_settings_without_another_confirmation() {
        var member = Member.signedIn(app, "reader@example.org", Role.MEMBER);
        assertThat(member.get("/settings").body()).contains("/settings/digest");
        member.get("/settings/digest");
        var saved = member.postForm("/settings/digest", Map.of("frequency", "weekly", "categories", "cs.LG",
                "query", "", "similar", "1"));
        assertThat(saved.statusCode()).isEqualTo(200);
        var s = app.app().digests().subscriptions().forMember(member.user).orElseThrow();
        assertThat(s.status()).isEqualTo(Subscription.Status.ACTIVE);
        assertThat(s.includeSimilar()).isTrue();
        assertThat(s.email()).isEqualTo("reader@example.org");
        member.postForm("/settings/digest", Map.of("frequency", "off"));
        assertThat(app.app().digests().subscriptions().forMember(member.user).orElseThrow().status())
                .isEqualTo(Subscription.Status.UNSUBSCRIBED);
    }

    @Test
    void a_member_chooses_for_you_beside_or_instead_of_the_top_papers_in_settings() {
        var member = Member.signedIn(app, "foryou-settings@example.org", Role.MEMBER);
        assertThat(member.get("/settings/digest").body()).contains("name=\"for_you\" value=\"instead\"");
        var saved = member.postForm("/settings/digest", Map.of("frequency", "daily", "categories", "", "query", "",
                "for_you", "instead"));
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(app.app().digests().subscriptions().forMember(member.user).orElseThrow().forYou()).isEqualTo(ForYou.INSTEAD);
        assertThat(member.get("/settings/digest").body())
                .containsPattern("value=\"instead\"\\s+checked|checked[^>]*value=\"instead\"");

        var wrong = member.postForm("/settings/digest", Map.of("frequency", "daily", "for_you", "always"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("must be off, instead or beside");
        assertThat(app.app().digests().subscriptions().forMember(member.user).orElseThrow().forYou()).isEqualTo(ForYou.INSTEAD);
    }

    @Test
    void the_preview_shows_the_next_digest_for_the_chosen_frequency_categories_and_search() {
        var weekly = app.get("/digest/preview?frequency=weekly&categories=cs.CV&q=");
        assertThat(weekly.statusCode()).isEqualTo(200);
        assertThat(weekly.body()).contains("The top 10 papers of the week of").contains("weekly · cs.CV");
        var daily = app.get("/digest/preview?frequency=daily&q=video");
        assertThat(daily.body()).contains("Tuesday, 30 December 2025").contains("matching “video”");
        assertThat(app.get("/digest/preview?frequency=daily&q=zzyzx+qwxv").body()).contains("Nothing to send");
        assertThat(app.get("/digest/preview?frequency=daily&categories=cooking").statusCode()).isEqualTo(400);
    }

    @Test
    void subscribing_twice_to_the_same_digest_keeps_one_subscription_and_answers_the_same() throws Exception {
        String body = "{\"email\":\"twice@example.org\",\"frequency\":\"weekly\",\"categories\":[\"cs.LG\"]}";
        var s = subscribeAndConfirm("twice@example.org");
        var again = post("/api/subscriptions", "application/json", body);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).contains("\"status\":\"pending\"");
        assertThat(app.app().digests().subscriptions().active(Frequency.WEEKLY))
                .filteredOn(x -> x.email().equals("twice@example.org")).extracting(Subscription::id).containsExactly(s.id());
        assertThat(inbox.to("twice@example.org")).extracting(jakarta.mail.Message::getSubject)
                .containsExactly("Confirm your Paperboy digest", "You already get this Paperboy digest");
    }
}
