package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import dev.paperboy.TestApp;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.Role;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mails with links, through real SMTP (GreenMail): confirming the address and resetting the password. Links
 * work once, until they expire, and only as they were signed.
 */
class AccountMailTest {
    private static final String PAPER = "2512.99401";
    private static GreenMail greenMail;
    private static TestApp app;

    @BeforeAll
    static void start() {
        greenMail = Mails.start();
        var settings = new HashMap<>(Mails.settings(greenMail));
        settings.put("ratelimit.signup", "100/1h");
        settings.put("ratelimit.reset", "100/1h");
        app = TestApp.withDemo(settings).start();
        Fixtures.paper(app, PAPER);
    }

    @AfterAll
    static void stop() {
        try {
            app.close();
        } finally {
            greenMail.stop();
        }
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    private static HttpResponse<String> signUp(Client client, String email) {
        client.get("/signup");
        var response = client.postForm("/signup", Map.of("email", email, "name", "Nora New", "password", "a long password"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static String verificationLink(String email) {
        var mails = Mails.to(greenMail, email, 1);
        assertThat(mails).hasSize(1);
        assertThat(Mails.subject(mails.getFirst())).isEqualTo("Confirm your Paperboy account");
        return Mails.link(mails.getFirst());
    }

    private static String verifiedAt(String email) {
        return DbState.string(app, "SELECT verified_at FROM users WHERE email = ?", email);
    }

    @Test
    void sign_up_sends_a_confirmation_mail_by_smtp_whose_link_confirms_the_address() {
        var client = new Client(app);
        var page = signUp(client, "nora@example.org");
        assertThat(page.body()).contains("Check your mail");
        assertThat(verifiedAt("nora@example.org")).isNull();

        String link = verificationLink("nora@example.org");
        assertThat(link).startsWith("/verify?token=");
        var verified = client.get(link);

        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("Address confirmed", "nora@example.org");
        assertThat(verifiedAt("nora@example.org")).isNotNull();
    }

    @Test
    void a_confirmation_link_works_only_once() {
        signUp(new Client(app), "once@example.org");
        String link = verificationLink("once@example.org");
        assertThat(app.get(link).statusCode()).isEqualTo(200);

        var again = app.get(link);

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("not valid any more");
    }

    @Test
    void a_confirmation_token_with_one_character_of_its_signature_or_id_changed_is_refused() {
        signUp(new Client(app), "altered@example.org");
        String link = verificationLink("altered@example.org");
        String token = link.substring(link.indexOf("token=") + 6);
        int dot = token.indexOf('.');

        var signature = app.get("/verify?token=" + flip(token, token.length() - 3));
        var id = app.get("/verify?token=" + flip(token, dot - 2));
        var truncated = app.get("/verify?token=" + token.substring(0, dot));
        var empty = app.get("/verify");

        assertThat(signature.statusCode()).isEqualTo(400);
        assertThat(id.statusCode()).isEqualTo(400);
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(verifiedAt("altered@example.org")).isNull();
        // The genuine token was not used up by the forgeries.
        assertThat(app.get(link).statusCode()).isEqualTo(200);
    }

    @Test
    void confirmation_links_expire_after_two_days_and_reset_links_after_one_hour() {
        signUp(new Client(app), "late@example.org");
        signUp(new Client(app), "prompt@example.org");
        String late = token(verificationLink("late@example.org"));
        String prompt = token(verificationLink("prompt@example.org"));
        var anyone = new Client(app);
        anyone.get("/forgot");
        anyone.postForm("/forgot", Map.of("email", "late@example.org"));
        anyone.postForm("/forgot", Map.of("email", "prompt@example.org"));
        String lateReset = token(Mails.link(Mails.to(greenMail, "late@example.org", 2).getLast()));
        String promptReset = token(Mails.link(Mails.to(greenMail, "prompt@example.org", 2).getLast()));

        // The same data directory (and so the same secret), read by a server whose clock is later.
        try (var twoDaysLater = later(Duration.ofDays(2).plusMinutes(1));
                var nearlyTwoDays = later(Duration.ofHours(47));
                var anHourLater = later(Duration.ofMinutes(61));
                var soon = later(Duration.ofMinutes(59))) {
            var afterTwoDays = twoDaysLater.app().community().accounts();
            assertThatThrownBy(() -> afterTwoDays.verify(late)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("expired");
            assertThat(nearlyTwoDays.app().community().accounts().verify(prompt).verified()).isTrue();
            assertThatThrownBy(() -> anHourLater.app().community().accounts().resetPassword(lateReset, "new password 1"))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(soon.app().community().accounts().resetPassword(promptReset, "new password 2").email())
                    .isEqualTo("prompt@example.org");
        }
        assertThat(verifiedAt("late@example.org")).isNull();
    }

    @Test
    void a_password_reset_mail_sets_the_password_once_and_ends_the_old_sessions() {
        Fixtures.member(app, "forgetful@example.org", "Forgetful", Role.MEMBER);
        var elsewhere = Fixtures.loggedIn(app, null, "forgetful@example.org");
        assertThat(elsewhere.get("/settings").statusCode()).isEqualTo(200);
        var client = new Client(app);
        client.get("/forgot");

        var asked = client.postForm("/forgot", Map.of("email", "Forgetful@Example.org"));

        assertThat(asked.statusCode()).isEqualTo(200);
        var mails = Mails.to(greenMail, "forgetful@example.org", 1);
        assertThat(mails).hasSize(1);
        assertThat(Mails.subject(mails.getFirst())).isEqualTo("Reset your Paperboy password");
        String link = Mails.link(mails.getFirst());
        assertThat(link).startsWith("/reset?token=");
        var form = client.get(link);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"token\" value=\"" + token(link) + "\"");

        var reset = client.postForm("/reset", Map.of("token", token(link), "password", "my brand new password"));

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.body()).contains("Password changed");
        assertThat(client.get("/settings").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/settings").statusCode()).isEqualTo(303);
        assertThat(new Client(app).login("forgetful@example.org", Fixtures.password("forgetful@example.org")).statusCode())
                .isEqualTo(401);
        assertThat(new Client(app).login("forgetful@example.org", "my brand new password").statusCode()).isEqualTo(303);
        var again = new Client(app);
        again.get(link);
        var reuse = again.postForm("/reset", Map.of("token", token(link), "password", "an attacker's password"));
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(reuse.body()).contains("not valid any more");
        assertThat(new Client(app).login("forgetful@example.org", "an attacker's password").statusCode()).isEqualTo(401);
    }

    @Test
    void a_reset_request_for_an_unknown_address_gets_the_same_page_and_sends_nothing() throws Exception {
        Fixtures.member(app, "known@example.org", "Known", Role.MEMBER);
        var client = new Client(app);
        client.get("/forgot");

        var unknown = client.postForm("/forgot", Map.of("email", "unknown@example.org"));
        Thread.sleep(500);
        int afterUnknown = greenMail.getReceivedMessages().length;
        var known = client.postForm("/forgot", Map.of("email", "known@example.org"));

        assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(afterUnknown).isZero();
        assertThat(Mails.to(greenMail, "known@example.org", 1)).hasSize(1);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void a_member_who_has_not_confirmed_the_address_gets_403_on_upvote_comment_and_submit() {
        var client = new Client(app);
        signUp(client, "unconfirmed@example.org");
        assertThat(client.login("unconfirmed@example.org", "a long password").statusCode()).isEqualTo(303);
        client.get("/papers/" + PAPER);
        String before = DbState.snapshot(app);

        var vote = client.postForm("/papers/" + PAPER + "/upvote", Map.of());
        var comment = client.postForm("/papers/" + PAPER + "/comments", Map.of("text", "First!"));
        var apiVote = client.json("POST", "/api/papers/" + PAPER + "/upvote", null, client.csrf());
        var apiComment = client.json("POST", "/api/papers/" + PAPER + "/comments", "{\"text\": \"First!\"}", client.csrf());
        var submit = client.postForm("/papers/submit", Map.of("paper_id", PAPER));

        assertThat(vote.statusCode()).isEqualTo(403);
        assertThat(vote.body()).contains("Confirm your email address");
        assertThat(comment.statusCode()).isEqualTo(403);
        assertThat(apiVote.statusCode()).isEqualTo(403);
        assertThat(apiComment.statusCode()).isEqualTo(403);
        assertThat(submit.statusCode()).isEqualTo(403);
        assertThat(DbState.snapshot(app)).isEqualTo(before);
        // Once confirmed, the same vote goes through.
        client.get(verificationLink("unconfirmed@example.org"));
        assertThat(client.postForm("/papers/" + PAPER + "/upvote", Map.of()).statusCode()).isEqualTo(303);
    }

    private static TestApp later(Duration by) {
        var settings = new HashMap<>(Mails.settings(greenMail));
        settings.put("data.dir", app.dataDir().toString());
        return TestApp.create(false, TestApp.DEMO_NOW.plus(by), settings);
    }

    private static String token(String link) {
        return link.substring(link.indexOf("token=") + 6);
    }

    private static String flip(String token, int at) {
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
