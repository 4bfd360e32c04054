package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Leaving (deletion), taking one's data (export), changing the password, and accounts made from the command line. */
class AccountLifecycleTest {
    private static final String PAPER = "2512.99801";
    private static final String OTHER = "2512.99802";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
        Fixtures.paper(app, PAPER);
        Fixtures.paper(app, OTHER);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static int upvotes(String paper) {
        return app.app().catalogue().find(paper).orElseThrow().upvotes();
    }

    private static int numComments(String paper) {
        return app.app().catalogue().find(paper).orElseThrow().numComments();
    }

    @Test
    void deleting_the_account_takes_back_its_votes_and_empties_its_comments_but_keeps_replies_in_place() {
        User leaver = Fixtures.member(app, "leaver@example.org", "Leaver", Role.MEMBER);
        User stayer = Fixtures.member(app, "stayer@example.org", "Stayer", Role.MEMBER);
        int votesBefore = upvotes(PAPER);
        int commentsBefore = numComments(PAPER);
        var client = Fixtures.loggedIn(app, null, "leaver@example.org");
        client.get("/papers/" + PAPER);
        assertThat(client.postForm("/papers/" + PAPER + "/upvote", Map.of()).statusCode()).isEqualTo(303);
        assertThat(client.postForm("/papers/" + PAPER + "/save", Map.of()).statusCode()).isEqualTo(303);
        var community = app.app().community();
        String alone = community.comments().add(leaver, PAPER, "A lonely remark by the leaver.", null).id();
        String answered = community.comments().add(leaver, PAPER, "A question by the leaver.", null).id();
        community.comments().add(stayer, PAPER, "An answer that should stay.", answered);
        community.tokens().create(leaver, "leaver's script");
        String session = client.cookie(Security.SESSION);
        assertThat(upvotes(PAPER)).isEqualTo(votesBefore + 1);
        assertThat(numComments(PAPER)).isEqualTo(commentsBefore + 3);
        client.get("/settings");

        var wrong = client.postForm("/settings/delete", Map.of("password", "not my password"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("was not deleted");
        assertThat(app.app().community().accounts().byEmail("leaver@example.org")).isPresent();

        var deleted = client.postForm("/settings/delete", Map.of("password", Fixtures.password("leaver@example.org")));

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("Account deleted");
        assertThat(app.app().community().accounts().byEmail("leaver@example.org")).isEmpty();
        assertThat(upvotes(PAPER)).isEqualTo(votesBefore);
        assertThat(numComments(PAPER)).isEqualTo(commentsBefore + 1);
        assertThat(DbState.count(app, "SELECT COUNT(*) FROM comments WHERE id IN (?, ?) AND body = '' AND user_id IS NULL "
                + "AND deleted_at IS NOT NULL", alone, answered)).isEqualTo(2);
        for (String table : new String[] {"votes", "library", "sessions", "api_tokens", "mail_tokens"}) {
            assertThat(DbState.count(app, "SELECT COUNT(*) FROM " + table + " WHERE user_id = ?", leaver.id()))
                    .as(table).isZero();
        }
        var page = app.get("/papers/" + PAPER).body();
        assertThat(page).doesNotContain("lonely remark").doesNotContain("A question by the leaver")
                .contains("This comment was deleted.").contains("An answer that should stay.");
        var api = app.get("/api/papers/" + PAPER + "/comments").body();
        assertThat(api).doesNotContain("leaver").contains("[deleted account]").contains("An answer that should stay.");
        assertThat(Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + session).statusCode()).isEqualTo(303);
        assertThat(new Client(app).login("leaver@example.org", Fixtures.password("leaver@example.org")).statusCode()).isEqualTo(401);
    }

    @Test
    void the_export_holds_the_members_account_votes_library_comments_and_tokens_but_no_secrets() throws Exception {
        User exporter = Fixtures.member(app, "exporter@example.org", "Exporter", Role.MEMBER);
        var community = app.app().community();
        community.votes().upvote(exporter, PAPER);
        community.library().save(exporter, OTHER);
        community.comments().add(exporter, OTHER, "My *considered* opinion.", null);
        String secret = community.tokens().create(exporter, "export script").secret();
        var client = Fixtures.loggedIn(app, null, "exporter@example.org");

        var response = client.get("/settings/export");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment").contains("exporter@example.org"));
        JsonNode export = JSON.readTree(response.body());
        assertThat(export.at("/account/email").asText()).isEqualTo("exporter@example.org");
        assertThat(export.at("/account/name").asText()).isEqualTo("Exporter");
        assertThat(export.at("/account/role").asText()).isEqualTo("member");
        assertThat(export.get("upvotes")).singleElement().satisfies(v -> assertThat(v.get("paper").asText()).isEqualTo(PAPER));
        assertThat(export.get("library")).singleElement().satisfies(v -> assertThat(v.get("paper").asText()).isEqualTo(OTHER));
        assertThat(export.get("comments")).singleElement().satisfies(c -> {
            assertThat(c.get("paper").asText()).isEqualTo(OTHER);
            assertThat(c.get("text").asText()).isEqualTo("My *considered* opinion.");
        });
        assertThat(export.get("apiTokens")).singleElement().satisfies(t -> assertThat(t.get("name").asText()).isEqualTo("export script"));
        assertThat(response.body()).doesNotContain(secret).doesNotContain(secret.substring(3))
                .doesNotContain("$argon2").doesNotContain(exporter.id());
        // Only one's own: another member's export is not reachable, and anonymous visitors are sent to log in.
        assertThat(new Client(app).get("/settings/export").statusCode()).isEqualTo(303);
    }

    @Test
    void changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
        Fixtures.member(app, "changer@example.org", "Changer", Role.MEMBER);
        var here = Fixtures.loggedIn(app, null, "changer@example.org");
        var elsewhere = Fixtures.loggedIn(app, null, "changer@example.org");

        var wrong = here.postForm("/settings/password", Map.of("current", "a wrong guess", "password", "my new password"));

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("The current password is not right.");
        assertThat(elsewhere.get("/settings").statusCode()).isEqualTo(200);
        assertThat(new Client(app).login("changer@example.org", "my new password").statusCode()).isEqualTo(401);

        var tooShort = here.postForm("/settings/password", Map.of("current", Fixtures.password("changer@example.org"),
                "password", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(400);

        var changed = here.postForm("/settings/password", Map.of("current", Fixtures.password("changer@example.org"),
                "password", "my new password"));

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("Password changed");
        assertThat(here.get("/settings").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/settings").statusCode()).isEqualTo(303);
        assertThat(new Client(app).login("changer@example.org", Fixtures.password("changer@example.org")).statusCode()).isEqualTo(401);
        assertThat(new Client(app).login("changer@example.org", "my new password").statusCode()).isEqualTo(303);
    }

    @Test
    void an_account_made_from_the_command_line_is_confirmed_and_gets_its_password_through_the_setup_link_once() {
        var accounts = app.app().community().accounts();
        User root = accounts.create("Root@Example.org", null, Role.ADMIN);
        assertThat(root.email()).isEqualTo("root@example.org");
        assertThat(root.name()).isEqualTo("root");
        assertThat(root.verified()).isTrue();
        assertThat(root.role()).isEqualTo(Role.ADMIN);
        String link = accounts.setupLink(root);
        // No server.base-url: links follow the port actually served.
        assertThat(link).startsWith("http://localhost:" + app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1) + "/reset?token=");
        String path = link.substring(link.indexOf("/reset"));
        var client = new Client(app);

        var form = client.get(path);
        var set = client.postForm("/reset", Map.of("token", path.substring(path.indexOf("token=") + 6),
                "password", "the root password"));

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(client.get("/admin/users").statusCode()).isEqualTo(200);
        assertThat(new Client(app).login("root@example.org", "the root password").statusCode()).isEqualTo(303);
        var again = new Client(app);
        again.get(path);
        assertThat(again.postForm("/reset", Map.of("token", path.substring(path.indexOf("token=") + 6),
                "password", "someone else's password")).statusCode()).isEqualTo(400);
    }
}
