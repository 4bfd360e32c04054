package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Small fixtures for the community tests: papers with known feed times, members with API tokens, JSON. */
final class CommunityFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private CommunityFixtures() {}

    /** A paper in the feed: entered at {@code entered}, on that UTC day, with {@code upvotes} imported votes. */
    static void paperInFeed(TestApp app, String id, int upvotes, Instant entered) {
        LocalDate day = entered.atZone(ZoneOffset.UTC).toLocalDate();
        app.app().catalogue().upsert(List.of(new IncomingPaper(paper(id, day.minusDays(1)), upvotes,
                new FeedPlacement(day, entered, FeedPlacement.Source.HF, null))));
    }

    /** A paper in the catalogue but not in the feed (as a harvest outside the feed's categories leaves it). */
    static void paperOutsideFeed(TestApp app, String id, LocalDate published) {
        app.app().catalogue().upsert(List.of(new IncomingPaper(paper(id, published), 0, null)));
    }

    static Paper paper(String id, LocalDate published) {
        return new Paper(id, "Paper " + id, "Abstract of paper " + id + ".", List.of("Ada Author", "Bo Writer"),
                List.of("cs.LG"), published, published, 1, null, null, null, null, null, List.of(), null, null,
                List.of());
    }

    /** A confirmed member made the way the CLI makes one, and a fresh API token of theirs. */
    record Scripted(User user, String token) {}

    static Scripted member(TestApp app, String email, Role role) {
        var community = app.app().community();
        User user = community.accounts().create(email, email.substring(0, email.indexOf('@')), role);
        return new Scripted(user, community.tokens().create(user, "t").secret());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** The response, after checking its status; the body is in the message when it is not the one expected. */
    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("%s %s → %s", response.request().method(), response.request().uri(),
                response.body()).isEqualTo(status);
        return json(response);
    }

    /** The paper's count as the server keeps it ({@code imported_upvotes + local_upvotes}). */
    static int storedCount(TestApp app, String paperId) {
        return app.app().catalogue().find(paperId).orElseThrow().upvotes();
    }

    /** A number straight from the database, e.g. the votes recounted from the votes table. */
    static int sql(TestApp app, String query, Object... args) {
        try (var c = dev.paperboy.TestDatabases.connect(app.dataDir());
                var s = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
