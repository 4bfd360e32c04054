package dev.paperboy.community;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Threads keep their replies however the comments' ids and timestamps happen to sort. */
class CommentRepliesTest {

    @Test
    void replies_written_in_the_same_instant_as_their_parent_all_stay_in_the_thread() {
        // The test clock is fixed, so parent and replies share created_at; their random ids decide the SQL order,
        // and with twenty replies some sort before the parent (a former bug dropped exactly those).
        try (var app = TestApp.empty()) {
            app.app().catalogue().upsert(List.of(new IncomingPaper(new Paper("2512.99601", "A paper", "An abstract.",
                    List.of("Ada"), List.of("cs.LG"), LocalDate.parse("2025-12-30"), null, 1, null, null, null, null, null,
                    List.of(), null, null, List.of()), 0, new FeedPlacement(LocalDate.parse("2025-12-31"),
                    Instant.parse("2025-12-31T06:00:00Z"), FeedPlacement.Source.HF, null))));
            var accounts = app.app().community().accounts();
            User user = accounts.create("replier@example.org", "Replier", Role.MEMBER);
            var comments = app.app().community().comments();
            String parent = comments.add(user, "2512.99601", "The thread starts here.", null).id();
            for (int i = 0; i < 20; i++) {
                comments.add(user, "2512.99601", "Reply " + i, parent);
            }

            var threads = comments.forPaper("2512.99601", null);

            assertThat(threads).hasSize(1);
            assertThat(threads.getFirst().replies()).hasSize(20);
            assertThat(app.app().catalogue().find("2512.99601").orElseThrow().numComments()).isEqualTo(21);
        }
    }
}
