package dev.paperboy.web;

import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.util.Set;

/**
 * Who is asking: a member (by session or API token) or nobody, the CSRF token their forms must carry, the page
 * they are on (where a form returns to), and which papers on the page they have upvoted and saved.
 */
public record Visitor(User user, String csrf, String here, Set<String> voted, Set<String> saved) {
    public static final Visitor ANONYMOUS = new Visitor(null, "", "/papers", Set.of(), Set.of());

    public boolean signedIn() {
        return user != null;
    }

    public boolean can(Role role) {
        return user != null && user.can(role);
    }

    public boolean voted(String paperId) {
        return voted.contains(paperId);
    }

    public boolean saved(String paperId) {
        return saved.contains(paperId);
    }

    Visitor withMarks(Set<String> voted, Set<String> saved) {
        return new Visitor(user, csrf, here, voted, saved);
    }
}
