package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every state-changing form and API write, sent the way a page on another site could make a browser send it:
 * without the CSRF token, or with a wrong one. Each is refused with 403 and the database is unchanged, row by row.
 */
class CsrfTest {
    private static final String PAPER = "2512.99201";
    private static final String OTHER_PAPER = "2512.99202";

    private static TestApp app;
    private static Client anonymous;
    private static Client member;
    private static Client admin;
    private static String commentId;
    private static String tokenId;
    private static String resetToken;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
        Fixtures.paper(app, PAPER);
        Fixtures.paper(app, OTHER_PAPER);
        var m = Fixtures.member(app, "member@example.org", "Mia Member", Role.MEMBER);
        Fixtures.member(app, "admin@example.org", "Ada Admin", Role.ADMIN);
        var community = app.app().community();
        commentId = community.comments().add(m, PAPER, "The original text.", null).id();
        community.votes().upvote(m, OTHER_PAPER);
        community.library().save(m, OTHER_PAPER);
        tokenId = community.tokens().create(m, "script").token().id();
        String link = community.accounts().setupLink(m);
        resetToken = link.substring(link.indexOf("token=") + 6);
        anonymous = new Client(app);
        anonymous.get("/login");
        member = Fixtures.loggedIn(app, null, "member@example.org");
        admin = Fixtures.loggedIn(app, null, "admin@example.org");
        admin.get("/admin/users");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Who sends each form, and its fields (without the token). */
    private static Client sender(String path) {
        return switch (path) {
            case "/signup", "/login", "/forgot", "/reset" -> anonymous;
            case "/admin/users/role" -> admin;
            default -> member;
        };
    }

    private static Map<String, String> fields(String path) {
        var fields = new LinkedHashMap<String, String>();
        switch (path) {
            case "/signup" -> fields.putAll(Map.of("email", "new@example.org", "name", "New", "password", "long enough password"));
            case "/login" -> fields.putAll(Map.of("email", "member@example.org", "password", Fixtures.password("member@example.org")));
            case "/forgot" -> fields.put("email", "member@example.org");
            case "/reset" -> fields.putAll(Map.of("token", resetToken, "password", "a brand new password"));
            case "/settings/password" -> fields.putAll(Map.of("current", Fixtures.password("member@example.org"),
                    "password", "a brand new password"));
            case "/settings/tokens" -> fields.put("name", "planted");
            case "/settings/delete" -> fields.put("password", Fixtures.password("member@example.org"));
            case "/papers/submit" -> fields.putAll(Map.of("paper_id", PAPER, "comment", "look"));
            case "/admin/users/role" -> fields.putAll(Map.of("email", "member@example.org", "role", "admin"));
            case "/papers/{id}/comments", "/comments/{id}/edit" -> fields.put("text", "Planted by another site.");
            case "/comments/{id}/hide" -> fields.put("hidden", "true");
            default -> { }
        }
        return fields;
    }

    private static String url(String path) {
        return path.replace("/papers/{id}/", "/papers/" + (path.contains("upvote") || path.contains("save") ? OTHER_PAPER : PAPER) + "/")
                .replace("/comments/{id}/", "/comments/" + commentId + "/")
                .replace("/settings/tokens/{id}/", "/settings/tokens/" + tokenId + "/");
    }

    @ParameterizedTest(name = "POST {0} without the CSRF token is refused and changes nothing")
    @ValueSource(strings = {"/signup", "/login", "/logout", "/forgot", "/reset", "/verify/resend",
            "/papers/{id}/upvote", "/papers/{id}/save", "/papers/{id}/comments",
            "/comments/{id}/edit", "/comments/{id}/delete", "/comments/{id}/hide",
            "/settings/password", "/settings/tokens", "/settings/tokens/{id}/revoke", "/settings/delete",
            "/papers/submit", "/admin/users/role"})
    void a_form_post_without_the_csrf_token_gets_403_and_changes_nothing(String path) {
        String before = DbState.snapshot(app);

        var response = sender(path).postFormRaw(url(path), fields(path));

        assertRefused(response);
        assertThat(DbState.snapshot(app)).isEqualTo(before);
        stillSignedIn();
    }

    @ParameterizedTest(name = "POST {0} with a forged CSRF token is refused and changes nothing")
    @ValueSource(strings = {"/signup", "/login", "/logout", "/papers/{id}/upvote", "/papers/{id}/save",
            "/papers/{id}/comments", "/comments/{id}/edit", "/comments/{id}/delete", "/comments/{id}/hide",
            "/settings/password", "/settings/tokens", "/settings/delete", "/papers/submit", "/admin/users/role"})
    void a_form_post_with_a_forged_csrf_token_gets_403_and_changes_nothing(String path) {
        String before = DbState.snapshot(app);
        var fields = fields(path);
        fields.put("_csrf", "forged-" + sender(path).csrf().substring(7));

        var response = sender(path).postFormRaw(url(path), fields);

        assertRefused(response);
        assertThat(DbState.snapshot(app)).isEqualTo(before);
    }

    @ParameterizedTest(name = "POST {0} with a token from another browser is refused and changes nothing")
    @ValueSource(strings = {"/papers/{id}/upvote", "/papers/{id}/comments", "/comments/{id}/edit",
            "/comments/{id}/delete", "/settings/delete", "/admin/users/role"})
    void a_csrf_token_valid_in_another_browser_is_refused_in_this_one(String path) {
        String before = DbState.snapshot(app);
        var fields = fields(path);
        Client sender = sender(path);
        // An attacker's own, genuine token: valid for the attacker's browser id, not for the victim's.
        fields.put("_csrf", anonymous.csrf());
        assertThat(anonymous.csrf()).isNotEqualTo(sender.csrf());

        var response = sender.postFormRaw(url(path), fields);

        assertRefused(response);
        assertThat(DbState.snapshot(app)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} with the session cookie but no X-CSRF-Token is refused and changes nothing")
    @ValueSource(strings = {"POST /api/papers/{p}/upvote", "DELETE /api/papers/{o}/upvote", "POST /api/papers/{p}/comments",
            "PATCH /api/comments/{c}", "DELETE /api/comments/{c}", "POST /api/comments/{c}/hide",
            "PUT /api/library/{p}", "DELETE /api/library/{o}", "POST /api/papers/submit", "PUT /api/admin/users/role"})
    void an_api_write_with_the_session_cookie_but_no_csrf_header_gets_403_and_changes_nothing(String route) {
        String before = DbState.snapshot(app);
        String[] parts = route.split(" ");
        Client sender = parts[1].contains("admin") ? admin : member;

        var withoutHeader = sender.json(parts[0], apiUrl(parts[1]), apiBody(parts[1]), null);
        var withWrongHeader = sender.json(parts[0], apiUrl(parts[1]), apiBody(parts[1]), anonymous.csrf());

        assertRefused(withoutHeader);
        assertRefused(withWrongHeader);
        assertThat(DbState.snapshot(app)).isEqualTo(before);
    }

    @Test
    void an_api_write_with_a_bearer_token_needs_no_csrf_token() {
        var user = app.app().community().accounts().byEmail("member@example.org").orElseThrow();
        String token = app.app().community().tokens().create(user, "bearer test").secret();

        var vote = Member.bearer(app, token, "POST", "/api/papers/" + PAPER + "/upvote", null);
        var unvote = Member.bearer(app, token, "DELETE", "/api/papers/" + PAPER + "/upvote", null);
        var comment = Member.bearer(app, token, "POST", "/api/papers/" + PAPER + "/comments",
                "{\"text\": \"Sent by a script.\", \"parent\": null}");

        assertThat(vote.statusCode()).isEqualTo(200);
        assertThat(vote.body()).contains("\"upvoted\":true");
        assertThat(unvote.statusCode()).isEqualTo(200);
        assertThat(unvote.body()).contains("\"upvoted\":false");
        assertThat(comment.statusCode()).isEqualTo(201);
        app.app().community().comments().delete(user, comment.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void an_unknown_bearer_token_is_refused_not_treated_as_anonymous() {
        String before = DbState.snapshot(app);

        var response = Member.bearer(app, "pb_not-a-real-token", "POST", "/api/papers/" + PAPER + "/upvote", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(DbState.snapshot(app)).isEqualTo(before);
    }

    @Test
    void the_same_forms_with_their_token_go_through() {
        var vote = member.postForm("/papers/" + PAPER + "/upvote", Map.of());
        var unvote = member.postForm("/papers/" + PAPER + "/upvote", Map.of());
        var header = member.json("POST", "/api/papers/" + PAPER + "/upvote", null, member.csrf());
        var headerUndo = member.json("DELETE", "/api/papers/" + PAPER + "/upvote", null, member.csrf());

        assertThat(vote.statusCode()).isEqualTo(303);
        assertThat(unvote.statusCode()).isEqualTo(303);
        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(headerUndo.statusCode()).isEqualTo(200);
    }

    private static String apiUrl(String path) {
        return path.replace("{p}", PAPER).replace("{o}", OTHER_PAPER).replace("{c}", commentId);
    }

    private static String apiBody(String path) {
        if (path.endsWith("/comments") || path.startsWith("/api/comments/")) {
            return "{\"text\": \"Planted by another site.\", \"hidden\": true}";
        }
        if (path.endsWith("/submit")) {
            return "{\"paper_id\": \"" + PAPER + "\"}";
        }
        if (path.endsWith("/role")) {
            return "{\"email\": \"member@example.org\", \"role\": \"admin\"}";
        }
        return null;
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(Client.setCookie(response, Security.SESSION)).isNull();
    }

    private static void stillSignedIn() {
        assertThat(member.get("/settings").statusCode()).isEqualTo(200);
    }
}
