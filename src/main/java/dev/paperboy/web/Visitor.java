package dev.paperboy.web;

import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.util.Set;

/**
 * Who is asking: a member (by session or API token) or nobody, the CSRF token their forms must carry, the page
 * they are on (where a form returns to), which papers on the page they have upvoted and saved, and which are by
 * authors or in categories they follow (with the names that match).
 */
public record Visitor(User user, String csrf, String here, Set<String> voted, Set<String> saved,
        java.util.Map<String, String> followed) {
    public static final Visitor ANONYMOUS = new Visitor(null, "", "/papers", Set.of(), Set.of());

    public Visitor {
        followed = followed == null ? java.util.Map.of() : java.util.Map.copyOf(followed);
    }

    public Visitor(User user, String csrf, String here, Set<String> voted, Set<String> saved) {
        this(user, csrf, here, voted, saved, java.util.Map.of());
    }

    /** What of this paper the visitor follows ("Jane Doe", "cs.LG"), or null. */
    public String followed(String paperId) {
        return followed.get(paperId);
    }

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
        return new Visitor(user, csrf, here, voted, saved, followed);
    }

    Visitor withMarks(Set<String> voted, Set<String> saved, java.util.Map<String, String> followed) {
        return new Visitor(user, csrf, here, voted, saved, followed);
    }
}
