package dev.paperboy.community;

import java.time.Instant;
import java.util.List;

/**
 * A comment as a reader sees it. {@code html} is the rendered, sanitised Markdown (empty when deleted);
 * {@code hidden} ones reach only curators. {@code replies} is empty for replies: threads are one level deep.
 */
public record Comment(String id, String paperId, String parentId, String authorId, String authorName, String text,
        String html, Instant createdAt, Instant editedAt, boolean deleted, boolean hidden, List<Comment> replies) {

    public boolean isBy(User user) {
        return user != null && user.id().equals(authorId);
    }
}
