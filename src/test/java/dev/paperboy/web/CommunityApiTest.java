package dev.paperboy.web;

import static dev.paperboy.web.CommunityFixtures.json;
import static dev.paperboy.web.CommunityFixtures.storedCount;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.web.CommunityFixtures.Scripted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every write of the community JSON API, against the real server: without credentials (401, JSON, nothing
 * changes), with a bearer token, and with a session plus the CSRF header, as the pages' script sends it. Each test
 * uses its own papers and members, so the order they run in does not matter.
 */
class CommunityApiTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private static TestApp app;
    private static Scripted alice;
    private static Scripted bob;
    private static Scripted curator;

    @BeforeAll
    static void start() {
        app = TestApp.create(false, NOW, Map.of("ratelimit.login", "1000/1m", "ratelimit.comment", "1000/1m"));
        for (int i = 1; i <= 30; i++) {
            CommunityFixtures.paperInFeed(app, String.format("2601.%05d", i), 3, NOW.minusSeconds(3600L * i));
        }
        CommunityFixtures.paperInFeed(app, "hep-th/9901001", 0, NOW.minusSeconds(600));
        alice = CommunityFixtures.member(app, "alice@example.org", Role.MEMBER);
        bob = CommunityFixtures.member(app, "bob@example.org", Role.MEMBER);
        curator = CommunityFixtures.member(app, "carol@example.org", Role.CURATOR);
        app.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    // --- without credentials ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} without a token or a session is 401 with a JSON error")
    @CsvSource(delimiter = '|', value = {
            "POST   | /api/papers/2601.00030/upvote   | ",
            "DELETE | /api/papers/2601.00030/upvote   | ",
            "POST   | /api/papers/submit              | {\"paper_id\": \"2601.00030\"}",
            "POST   | /api/papers/2601.00030/comments | {\"text\": \"hello\", \"parent\": null}",
            "PATCH  | /api/comments/abc               | {\"text\": \"hello\"}",
            "DELETE | /api/comments/abc               | ",
            "POST   | /api/comments/abc/hide          | {\"hidden\": true}",
            "PUT    | /api/library/2601.00030         | ",
            "DELETE | /api/library/2601.00030         | ",
            "GET    | /api/library                    | ",
    })
    void an_api_call_without_credentials_is_refused_with_401_and_json(String method, String path, String body) {
        int before = storedCount(app, "2601.00030");

        var response = Member.bearer(app, null, method, path, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(response).path("error").asText()).isNotBlank();
        assertThat(storedCount(app, "2601.00030")).isEqualTo(before);
        assertThat(CommunityFixtures.sql(app, "SELECT COUNT(*) FROM comments WHERE paper_id = '2601.00030'")).isZero();
    }

    @Test
    void an_unknown_or_revoked_token_is_refused_with_401_and_never_treated_as_anonymous() {
        var member = CommunityFixtures.member(app, "revoked@example.org", Role.MEMBER);
        var tokens = app.app().community().tokens();
        tokens.revoke(member.user(), tokens.list(member.user()).getFirst().id());

        for (String token : List.of(member.token(), "pb_" + "x".repeat(43), "not-even-our-format")) {
            var response = Member.bearer(app, token, "POST", "/api/papers/2601.00029/upvote", null);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(json(response).path("error").asText()).contains("not valid");
            // Reads too: a bad token is an error, not a fall-back to the public view.
            assertThat(Member.bearer(app, token, "GET", "/api/papers/2601.00029/comments", null).statusCode()).isEqualTo(401);
        }
        assertThat(storedCount(app, "2601.00029")).isEqualTo(3);
    }

    // --- upvotes -----------------------------------------------------------------------------------------------

    @Test
    void an_upvote_with_a_bearer_token_returns_the_new_count_and_repeating_it_changes_nothing() {
        JsonNode first = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00001/upvote", null), 200);
        JsonNode again = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00001/upvote", null), 200);

        assertThat(first.path("upvotes").asInt()).isEqualTo(4);
        assertThat(first.path("upvoted").asBoolean()).isTrue();
        assertThat(again.path("upvotes").asInt()).isEqualTo(4);
        assertThat(again.path("upvoted").asBoolean()).isTrue();
        assertThat(json(app.get("/api/papers/2601.00001")).path("upvotes").asInt()).isEqualTo(4);
    }

    @Test
    void removing_an_upvote_returns_the_new_count_and_removing_it_again_changes_nothing() {
        Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00002/upvote", null);
        Member.bearer(app, bob.token(), "POST", "/api/papers/2601.00002/upvote", null);

        JsonNode removed = json(Member.bearer(app, alice.token(), "DELETE", "/api/papers/2601.00002/upvote", null), 200);
        JsonNode again = json(Member.bearer(app, alice.token(), "DELETE", "/api/papers/2601.00002/upvote", null), 200);

        assertThat(removed.path("upvotes").asInt()).isEqualTo(4);
        assertThat(removed.path("upvoted").asBoolean()).isFalse();
        assertThat(again.path("upvotes").asInt()).isEqualTo(4);
        // Never below the imported votes: removing a vote that was never cast takes nothing away.
        JsonNode never = json(Member.bearer(app, curator.token(), "DELETE", "/api/papers/2601.00002/upvote", null), 200);
        assertThat(never.path("upvotes").asInt()).isEqualTo(4);
    }

    @Test
    void a_session_with_the_csrf_header_upvotes_like_a_token_does() {
        var member = Member.signedIn(app, "session-voter@example.org", Role.MEMBER);

        JsonNode voted = json(member.json("POST", "/api/papers/2601.00003/upvote", null), 200);
        JsonNode removed = json(member.json("DELETE", "/api/papers/2601.00003/upvote", null), 200);

        assertThat(voted.path("upvotes").asInt()).isEqualTo(4);
        assertThat(removed.path("upvotes").asInt()).isEqualTo(3);
    }

    @Test
    void upvoting_a_paper_that_is_not_here_is_404_and_a_malformed_id_is_400() {
        var unknown = Member.bearer(app, alice.token(), "POST", "/api/papers/2601.99999/upvote", null);
        var malformed = Member.bearer(app, alice.token(), "POST", "/api/papers/not-a-paper/upvote", null);
        var malformedDelete = Member.bearer(app, alice.token(), "DELETE", "/api/papers/12345/upvote", null);

        assertThat(json(unknown, 404).path("error").asText()).contains("2601.99999");
        assertThat(json(malformed, 400).path("error").asText()).isNotBlank();
        assertThat(json(malformedDelete, 400).path("error").asText()).isNotBlank();
        assertThat(CommunityFixtures.sql(app, "SELECT COUNT(*) FROM votes WHERE paper_id = '2601.99999'")).isZero();
    }

    @Test
    void any_form_of_the_id_reaches_the_same_paper_old_style_ids_with_a_slash_included() {
        JsonNode versioned = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00004v2/upvote", null), 200);
        JsonNode prefixed = json(Member.bearer(app, bob.token(), "POST", "/api/papers/arXiv:2601.00004/upvote", null), 200);
        JsonNode oldStyle = json(Member.bearer(app, alice.token(), "POST", "/api/papers/hep-th/9901001/upvote", null), 200);

        assertThat(versioned.path("upvotes").asInt()).isEqualTo(4);
        assertThat(prefixed.path("upvotes").asInt()).isEqualTo(5);
        assertThat(oldStyle.path("upvotes").asInt()).isEqualTo(1);
        assertThat(storedCount(app, "hep-th/9901001")).isEqualTo(1);
    }

    // --- comments ----------------------------------------------------------------------------------------------

    @Test
    void a_comment_and_a_reply_are_posted_and_listed_as_one_thread_for_anyone() {
        JsonNode top = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00005/comments",
                "{\"text\": \"Nice **result**.\", \"parent\": null}"), 201);
        JsonNode reply = json(Member.bearer(app, bob.token(), "POST", "/api/papers/2601.00005/comments",
                "{\"text\": \"Agreed.\", \"parent\": \"" + top.path("id").asText() + "\"}"), 201);

        assertThat(top.path("author").path("name").asText()).isEqualTo("alice");
        assertThat(top.path("html").asText()).contains("<strong>result</strong>");
        assertThat(reply.path("parent").asText()).isEqualTo(top.path("id").asText());

        JsonNode listed = json(app.get("/api/papers/2601.00005/comments"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("text").asText()).isEqualTo("Nice **result**.");
        assertThat(listed.get(0).path("replies")).hasSize(1);
        assertThat(listed.get(0).path("replies").get(0).path("text").asText()).isEqualTo("Agreed.");
    }

    @Test
    void a_session_with_the_csrf_header_comments_like_a_token_does() {
        var member = Member.signedIn(app, "session-writer@example.org", Role.MEMBER);

        JsonNode c = json(member.json("POST", "/api/papers/2601.00006/comments", "{\"text\": \"From the page.\"}"), 201);

        assertThat(c.path("author").path("name").asText()).isEqualTo("session-writer");
        assertThat(json(app.get("/api/papers/2601.00006/comments")).get(0).path("id").asText()).isEqualTo(c.path("id").asText());
    }

    @Test
    void a_reply_to_a_reply_is_400_because_threads_go_one_level_deep() {
        String top = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00007/comments", "{\"text\": \"Top\"}"), 201)
                .path("id").asText();
        String reply = json(Member.bearer(app, bob.token(), "POST", "/api/papers/2601.00007/comments",
                "{\"text\": \"Reply\", \"parent\": \"" + top + "\"}"), 201).path("id").asText();

        var deeper = Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00007/comments",
                "{\"text\": \"Reply to the reply\", \"parent\": \"" + reply + "\"}");

        assertThat(json(deeper, 400).path("error").asText()).contains("one level");
        assertThat(json(app.get("/api/papers/2601.00007/comments")).get(0).path("replies")).hasSize(1);
    }

    @Test
    void a_reply_to_a_comment_that_is_missing_or_on_another_paper_is_400() {
        String elsewhere = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00008/comments",
                "{\"text\": \"On paper 8\"}"), 201).path("id").asText();

        var otherPaper = Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00009/comments",
                "{\"text\": \"x\", \"parent\": \"" + elsewhere + "\"}");
        var missing = Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00009/comments",
                "{\"text\": \"x\", \"parent\": \"nosuchcomment\"}");

        assertThat(json(otherPaper, 400).path("error").asText()).contains("another paper");
        assertThat(json(missing, 400).path("error").asText()).contains("does not exist");
        assertThat(json(app.get("/api/papers/2601.00009/comments"))).isEmpty();
    }

    @Test
    void an_empty_a_blank_or_an_over_long_comment_is_400_and_ten_thousand_characters_are_fine() {
        for (String body : List.of("{\"text\": \"\"}", "{\"text\": \"   \\n  \"}", "{\"parent\": null}",
                "{\"text\": \"" + "x".repeat(10_001) + "\"}", "{\"text\": \"" + "y".repeat(20_000) + "\"}")) {
            var response = Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00010/comments", body);
            assertThat(response.statusCode()).as(body.length() > 80 ? body.length() + " characters" : body).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isNotBlank();
        }
        assertThat(json(app.get("/api/papers/2601.00010/comments"))).isEmpty();

        var longest = Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00010/comments",
                "{\"text\": \"" + "z".repeat(10_000) + "\"}");
        assertThat(json(longest, 201).path("text").asText()).hasSize(10_000);
    }

    @Test
    void a_body_that_is_not_a_json_object_is_400_with_a_json_error() {
        for (String body : List.of("{\"text\": ", "text=hello", "[\"hello\"]", "\"hello\"", "", "{\"text\": 42}")) {
            var response = Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00011/comments", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).path("error").asText()).as(body).isNotBlank();
        }
        assertThat(json(app.get("/api/papers/2601.00011/comments"))).isEmpty();
    }

    @Test
    void comments_on_a_paper_that_is_not_here_are_404_and_a_malformed_id_is_400() {
        assertThat(json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.99998/comments", "{\"text\": \"x\"}"), 404)
                .path("error").asText()).isNotBlank();
        assertThat(app.get("/api/papers/2601.99998/comments").statusCode()).isEqualTo(404);
        assertThat(app.get("/api/papers/nonsense/comments").statusCode()).isEqualTo(400);
    }

    @Test
    void the_author_edits_a_comment_and_the_listing_shows_the_new_text_and_when_it_was_edited() {
        String id = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00012/comments", "{\"text\": \"Frist\"}"), 201)
                .path("id").asText();

        JsonNode edited = json(Member.bearer(app, alice.token(), "PATCH", "/api/comments/" + id, "{\"text\": \"First\"}"), 200);

        assertThat(edited.path("text").asText()).isEqualTo("First");
        assertThat(edited.path("editedAt").asText()).isEqualTo("2026-01-10T12:00:00.000Z");
        assertThat(json(app.get("/api/papers/2601.00012/comments")).get(0).path("text").asText()).isEqualTo("First");
        assertThat(Member.bearer(app, alice.token(), "PATCH", "/api/comments/" + id, "{\"text\": \"\"}").statusCode()).isEqualTo(400);
        assertThat(Member.bearer(app, alice.token(), "PATCH", "/api/comments/nosuchcomment", "{\"text\": \"x\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void the_author_deletes_a_comment_with_204_and_deleting_it_again_is_harmless() {
        String id = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00013/comments", "{\"text\": \"Oops\"}"), 201)
                .path("id").asText();

        var deleted = Member.bearer(app, alice.token(), "DELETE", "/api/comments/" + id, null);
        var again = Member.bearer(app, alice.token(), "DELETE", "/api/comments/" + id, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(again.statusCode()).isEqualTo(204);
        assertThat(json(app.get("/api/papers/2601.00013/comments"))).isEmpty();
        // A deleted comment cannot be edited back to life.
        assertThat(Member.bearer(app, alice.token(), "PATCH", "/api/comments/" + id, "{\"text\": \"Back\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void a_deleted_comment_with_replies_stays_in_the_thread_without_its_text() {
        String top = json(Member.bearer(app, alice.token(), "POST", "/api/papers/2601.00014/comments", "{\"text\": \"Secret\"}"), 201)
                .path("id").asText();
        Member.bearer(app, bob.token(), "POST", "/api/papers/2601.00014/comments", "{\"text\": \"Reply\", \"parent\": \"" + top + "\"}");

        Member.bearer(app, alice.token(), "DELETE", "/api/comments/" + top, null);

        JsonNode thread = json(app.get("/api/papers/2601.00014/comments")).get(0);
        assertThat(thread.path("deleted").asBoolean()).isTrue();
        assertThat(thread.path("text").asText()).isEmpty();
        assertThat(thread.path("html").asText()).isEmpty();
        assertThat(thread.path("replies").get(0).path("text").asText()).isEqualTo("Reply");
    }

    @Test
    void a_curator_hides_a_comment_from_everyone_but_curators_and_shows_it_again() {
        String id = json(Member.bearer(app, bob.token(), "POST", "/api/papers/2601.00015/comments", "{\"text\": \"Abuse\"}"), 201)
                .path("id").asText();

        JsonNode hidden = json(Member.bearer(app, curator.token(), "POST", "/api/comments/" + id + "/hide", "{\"hidden\": true}"), 200);

        assertThat(hidden.path("hidden").asBoolean()).isTrue();
        assertThat(json(app.get("/api/papers/2601.00015/comments"))).isEmpty();
        assertThat(json(Member.bearer(app, alice.token(), "GET", "/api/papers/2601.00015/comments", null))).isEmpty();
        JsonNode forCurator = json(Member.bearer(app, curator.token(), "GET", "/api/papers/2601.00015/comments", null));
        assertThat(forCurator).hasSize(1);
        assertThat(forCurator.get(0).path("hidden").asBoolean()).isTrue();

        JsonNode shown = json(Member.bearer(app, curator.token(), "POST", "/api/comments/" + id + "/hide", "{\"hidden\": false}"), 200);
        assertThat(shown.path("hidden").asBoolean()).isFalse();
        assertThat(json(app.get("/api/papers/2601.00015/comments"))).hasSize(1);
        assertThat(Member.bearer(app, curator.token(), "POST", "/api/comments/nosuchcomment/hide", "{}").statusCode()).isEqualTo(404);
    }

    // --- library -----------------------------------------------------------------------------------------------

    @Test
    void saving_lists_the_paper_in_the_library_and_unsaving_takes_it_out_both_idempotent() {
        var reader = CommunityFixtures.member(app, "reader@example.org", Role.MEMBER);

        assertThat(json(Member.bearer(app, reader.token(), "PUT", "/api/library/2601.00016", null), 200).path("saved").asBoolean()).isTrue();
        assertThat(json(Member.bearer(app, reader.token(), "PUT", "/api/library/2601.00016", null), 200).path("saved").asBoolean()).isTrue();
        assertThat(json(Member.bearer(app, reader.token(), "PUT", "/api/library/arXiv:2601.00017v1", null), 200).path("saved").asBoolean()).isTrue();
        assertThat(ids(json(Member.bearer(app, reader.token(), "GET", "/api/library", null), 200)))
                .containsExactlyInAnyOrder("2601.00016", "2601.00017");

        assertThat(json(Member.bearer(app, reader.token(), "DELETE", "/api/library/2601.00016", null), 200).path("saved").asBoolean()).isFalse();
        assertThat(json(Member.bearer(app, reader.token(), "DELETE", "/api/library/2601.00016", null), 200).path("saved").asBoolean()).isFalse();
        assertThat(ids(json(Member.bearer(app, reader.token(), "GET", "/api/library", null), 200))).containsExactly("2601.00017");
        // Another member's library is their own.
        assertThat(json(Member.bearer(app, bob.token(), "GET", "/api/library", null), 200)).isEmpty();
    }

    @Test
    void saving_a_paper_that_is_not_here_is_404_and_a_malformed_id_is_400() {
        assertThat(Member.bearer(app, alice.token(), "PUT", "/api/library/2601.99997", null).statusCode()).isEqualTo(404);
        assertThat(Member.bearer(app, alice.token(), "PUT", "/api/library/garbage", null).statusCode()).isEqualTo(400);
        assertThat(Member.bearer(app, alice.token(), "DELETE", "/api/library/garbage", null).statusCode()).isEqualTo(400);
    }

    @Test
    void a_session_with_the_csrf_header_saves_like_a_token_does() {
        var member = Member.signedIn(app, "session-saver@example.org", Role.MEMBER);

        assertThat(json(member.json("PUT", "/api/library/2601.00018", null), 200).path("saved").asBoolean()).isTrue();
        assertThat(ids(json(member.json("GET", "/api/library", null), 200))).containsExactly("2601.00018");
        assertThat(json(member.json("DELETE", "/api/library/2601.00018", null), 200).path("saved").asBoolean()).isFalse();
    }

    private static List<String> ids(JsonNode papers) {
        var ids = new ArrayList<String>();
        papers.forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }
}
