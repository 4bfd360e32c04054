package dev.paperboy.web;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Papers and members put straight into a test app, for the community tests. */
final class Fixtures {
    private Fixtures() {}

    /** A paper in the feed of 31 December 2025, the demo's "today", so it shows on /papers. */
    static String paper(TestApp app, String id, String title, String abstractText, List<String> authors, int upvotes) {
        var paper = new Paper(id, title, abstractText, authors, List.of("cs.LG"), LocalDate.parse("2025-12-30"), null,
                1, null, null, null, null, null, List.of(), null, null, List.of());
        app.app().catalogue().upsert(List.of(new IncomingPaper(paper, upvotes, new FeedPlacement(
                LocalDate.parse("2025-12-31"), Instant.parse("2025-12-31T06:00:00Z"), FeedPlacement.Source.HF, null))));
        return id;
    }

    static String paper(TestApp app, String id) {
        return paper(app, id, "A paper to discuss (" + id + ")", "We study things.", List.of("Ada Author"), 3);
    }

    /** A confirmed member with a known password ({@link #password}), made the way the CLI and Member do. */
    static User member(TestApp app, String email, String name, Role role) {
        var accounts = app.app().community().accounts();
        User created = accounts.create(email, name, role);
        String link = accounts.setupLink(created);
        accounts.resetPassword(link.substring(link.indexOf("token=") + 6), password(email));
        return accounts.byEmail(email).orElseThrow();
    }

    static String password(String email) {
        return "password for " + email;
    }

    /** A client from this loopback address, logged in as the member. */
    static Client loggedIn(TestApp app, String ip, String email) {
        var client = new Client(app, ip);
        var response = client.login(email, password(email));
        if (response.statusCode() != 303) {
            throw new AssertionError("login of " + email + " failed: " + response.statusCode() + "\n" + response.body());
        }
        client.get("/settings");
        return client;
    }
}
