package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may do what: members their own things, curators also hiding, admins also roles. Each refusal changes nothing. */
class AuthorisationTest {
    private static final String PAPER = "2512.99301";

    private static TestApp app;
    private static User alice;
    private static User bob;
    private static Client aliceClient;
    private static Client bobClient;
    private static Client curator;
    private static Client admin;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
        Fixtures.paper(app, PAPER);
        alice = Fixtures.member(app, "alice@example.org", "Alice", Role.MEMBER);
        bob = Fixtures.member(app, "bob@example.org", "Bob", Role.MEMBER);
        Fixtures.member(app, "carol@example.org", "Carol Curator", Role.CURATOR);
        Fixtures.member(app, "dave@example.org", "Dave Admin", Role.ADMIN);
        aliceClient = Fixtures.loggedIn(app, null, "alice@example.org");
        bobClient = Fixtures.loggedIn(app, null, "bob@example.org");
        curator = Fixtures.loggedIn(app, null, "carol@example.org");
        admin = Fixtures.loggedIn(app, null, "dave@example.org");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String aliceSays(String text) {
        return app.app().community().comments().add(alice, PAPER, text, null).id();
    }

    private static String body(String commentId) {
        return DbState.string(app, "SELECT body FROM comments WHERE id = ?", commentId);
    }

    @Test
    void a_member_cannot_edit_another_members_comment_by_form_or_api() {
        String id = aliceSays("Alice's own words.");

        var form = bobClient.postForm("/comments/" + id + "/edit", Map.of("text", "Bob's words now."));
        var api = bobClient.json("PATCH", "/api/comments/" + id, "{\"text\": \"Bob's words now.\"}", bobClient.csrf());

        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("only your own");
        assertThat(body(id)).isEqualTo("Alice's own words.");
        assertThat(DbState.string(app, "SELECT edited_at FROM comments WHERE id = ?", id)).isNull();
    }

    @Test
    void a_member_cannot_delete_another_members_comment_by_form_or_api() {
        String id = aliceSays("Alice stays.");

        var form = bobClient.postForm("/comments/" + id + "/delete", Map.of());
        var api = bobClient.json("DELETE", "/api/comments/" + id, null, bobClient.csrf());

        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(body(id)).isEqualTo("Alice stays.");
        assertThat(DbState.string(app, "SELECT deleted_at FROM comments WHERE id = ?", id)).isNull();
    }

    @Test
    void the_author_can_edit_and_delete_their_own_comment() {
        String id = aliceSays("First draft.");

        var edit = aliceClient.json("PATCH", "/api/comments/" + id, "{\"text\": \"Second draft.\"}", aliceClient.csrf());
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(body(id)).isEqualTo("Second draft.");
        var delete = aliceClient.postForm("/comments/" + id + "/delete", Map.of());

        assertThat(delete.statusCode()).isEqualTo(303);
        assertThat(DbState.string(app, "SELECT deleted_at FROM comments WHERE id = ?", id)).isNotNull();
    }

    @Test
    void a_member_cannot_hide_comments_not_even_their_own() {
        String id = aliceSays("Please do not hide me.");

        var bobForm = bobClient.postForm("/comments/" + id + "/hide", Map.of("hidden", "true"));
        var bobApi = bobClient.json("POST", "/api/comments/" + id + "/hide", "{\"hidden\": true}", bobClient.csrf());
        var ownApi = aliceClient.json("POST", "/api/comments/" + id + "/hide", "{\"hidden\": true}", aliceClient.csrf());

        assertThat(bobForm.statusCode()).isEqualTo(403);
        assertThat(bobApi.statusCode()).isEqualTo(403);
        assertThat(ownApi.statusCode()).isEqualTo(403);
        assertThat(DbState.string(app, "SELECT hidden_at FROM comments WHERE id = ?", id)).isNull();
    }

    @Test
    void a_member_cannot_revoke_another_members_token_which_keeps_working() {
        var token = app.app().community().tokens().create(alice, "alice's script");

        var revoke = bobClient.postForm("/settings/tokens/" + token.token().id() + "/revoke", Map.of());

        assertThat(revoke.statusCode()).isEqualTo(404);
        assertThat(DbState.string(app, "SELECT revoked_at FROM api_tokens WHERE id = ?", token.token().id())).isNull();
        assertThat(Member.bearer(app, token.secret(), "GET", "/api/library", null).statusCode()).isEqualTo(200);
        assertThat(bobClient.get("/settings").body()).doesNotContain("alice&#39;s script").doesNotContain("alice's script");
    }

    @Test
    void a_token_acts_only_as_its_owner_and_stops_working_once_revoked() {
        var token = app.app().community().tokens().create(bob, "bob's script");

        var comment = Member.bearer(app, token.secret(), "POST", "/api/papers/" + PAPER + "/comments",
                "{\"text\": \"Posted by a script.\"}");
        assertThat(comment.statusCode()).isEqualTo(201);
        assertThat(comment.body()).contains("\"name\":\"Bob\"");
        String id = comment.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        // Bob's token is Bob: it cannot edit Alice's comment either.
        String alices = aliceSays("Not Bob's to change.");
        assertThat(Member.bearer(app, token.secret(), "PATCH", "/api/comments/" + alices, "{\"text\": \"x\"}").statusCode())
                .isEqualTo(403);
        var revoke = bobClient.postForm("/settings/tokens/" + token.token().id() + "/revoke", Map.of());
        assertThat(revoke.statusCode()).isEqualTo(303);

        var after = Member.bearer(app, token.secret(), "DELETE", "/api/comments/" + id, null);

        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(DbState.string(app, "SELECT deleted_at FROM comments WHERE id = ?", id)).isNull();
        assertThat(body(alices)).isEqualTo("Not Bob's to change.");
    }

    @Test
    void a_curator_can_hide_a_comment_and_still_sees_it_while_members_and_visitors_do_not() {
        String id = aliceSays("Buy cheap watches at spam dot example.");
        int before = app.app().catalogue().find(PAPER).orElseThrow().numComments();

        var hide = curator.postForm("/comments/" + id + "/hide", Map.of("hidden", "true"));

        assertThat(hide.statusCode()).isEqualTo(303);
        assertThat(DbState.string(app, "SELECT hidden_at FROM comments WHERE id = ?", id)).isNotNull();
        assertThat(app.app().catalogue().find(PAPER).orElseThrow().numComments()).isEqualTo(before - 1);
        assertThat(curator.get("/papers/" + PAPER).body()).contains("spam dot example").contains("hidden by a curator");
        assertThat(curator.json("GET", "/api/papers/" + PAPER + "/comments", null, null).body())
                .contains("spam dot example").contains("\"hidden\":true");
        assertThat(bobClient.get("/papers/" + PAPER).body()).doesNotContain("spam dot example");
        assertThat(aliceClient.get("/papers/" + PAPER).body()).doesNotContain("spam dot example");
        assertThat(new Client(app).get("/papers/" + PAPER).body()).doesNotContain("spam dot example");
        assertThat(app.get("/api/papers/" + PAPER + "/comments").body()).doesNotContain("spam dot example");
        assertThat(bobClient.json("GET", "/api/papers/" + PAPER + "/comments", null, null).body()).doesNotContain("spam dot example");

        var show = curator.json("POST", "/api/comments/" + id + "/hide", "{\"hidden\": false}", curator.csrf());

        assertThat(show.statusCode()).isEqualTo(200);
        assertThat(bobClient.get("/papers/" + PAPER).body()).contains("spam dot example");
        assertThat(app.app().catalogue().find(PAPER).orElseThrow().numComments()).isEqualTo(before);
    }

    @Test
    void a_curator_cannot_change_roles_by_page_form_or_api() {
        curator.get("/settings");

        var page = curator.get("/admin/users");
        var form = curator.postForm("/admin/users/role", Map.of("email", "carol@example.org", "role", "admin"));
        var api = curator.json("PUT", "/api/admin/users/role", "{\"email\": \"bob@example.org\", \"role\": \"curator\"}",
                curator.csrf());

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).doesNotContain("alice@example.org");
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(role("carol@example.org")).isEqualTo("curator");
        assertThat(role("bob@example.org")).isEqualTo("member");
    }

    @Test
    void a_member_cannot_change_roles_or_see_the_members_list() {
        var page = bobClient.get("/admin/users");
        var form = bobClient.postForm("/admin/users/role", Map.of("email", "bob@example.org", "role", "admin"));
        var api = bobClient.json("PUT", "/api/admin/users/role", "{\"email\": \"bob@example.org\", \"role\": \"admin\"}",
                bobClient.csrf());

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(role("bob@example.org")).isEqualTo("member");
    }

    @Test
    void an_anonymous_visitor_is_sent_to_log_in_or_told_401_by_the_api() {
        var anonymous = new Client(app);
        anonymous.get("/papers/" + PAPER);
        String before = DbState.snapshot(app);

        var form = anonymous.postForm("/papers/" + PAPER + "/upvote", Map.of());
        var admin = anonymous.get("/admin/users");
        var api = anonymous.json("POST", "/api/papers/" + PAPER + "/upvote", null, anonymous.csrf());

        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(form.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
        assertThat(admin.statusCode()).isEqualTo(303);
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(DbState.snapshot(app)).isEqualTo(before);
    }

    @Test
    void an_admin_can_list_members_and_change_roles_by_form_and_api() {
        User erin = Fixtures.member(app, "erin@example.org", "Erin", Role.MEMBER);

        var page = admin.get("/admin/users");
        var form = admin.postForm("/admin/users/role", Map.of("email", "erin@example.org", "role", "curator"));
        assertThat(role("erin@example.org")).isEqualTo("curator");
        var api = admin.json("PUT", "/api/admin/users/role", "{\"email\": \"erin@example.org\", \"role\": \"admin\"}",
                admin.csrf());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("alice@example.org", "erin@example.org");
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"role\":\"admin\"");
        assertThat(role(erin.email())).isEqualTo("admin");
    }

    private static String role(String email) {
        return DbState.string(app, "SELECT role FROM users WHERE email = ?", email);
    }
}
