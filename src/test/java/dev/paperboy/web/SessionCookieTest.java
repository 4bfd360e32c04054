package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session cookie's flags, its rotation at login, and its end at logout. */
class SessionCookieTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
        for (String name : new String[] {"flags", "fixation", "planted", "twice", "logout", "victim", "attacker"}) {
            Fixtures.member(app, name + "@example.org", name, Role.MEMBER);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_lax_and_not_secure_over_plain_http() {
        var client = new Client(app);

        var login = client.login("flags@example.org", Fixtures.password("flags@example.org"));

        assertThat(login.statusCode()).isEqualTo(303);
        String header = Client.setCookie(login, Security.SESSION);
        assertThat(header).isNotNull();
        assertThat(attributes(header)).contains("httponly", "samesite=lax", "path=/").doesNotContain("secure");
        assertThat(attributes(Client.setCookie(login, Security.CSRF))).contains("httponly", "samesite=lax");
    }

    @Test
    void the_session_cookie_is_secure_when_the_base_url_is_https() {
        try (var tls = TestApp.withDemo(Map.of("search.embed", "false", "server.base-url", "https://papers.example.org")).start()) {
            Fixtures.member(tls, "secure@example.org", "Sec", Role.MEMBER);
            // A browser would not send Secure cookies over this plain-HTTP test connection, so send them by hand.
            var form = Client.withCookieHeader(tls, "GET", "/login", null);
            String browserId = Client.cookieValue(Client.setCookie(form, Security.CSRF));

            var login = Client.withCookieHeader(tls, "POST", "/login", Security.CSRF + "=" + browserId,
                    Map.of("_csrf", Client.csrfOf(form.body()), "email", "secure@example.org",
                            "password", Fixtures.password("secure@example.org")));

            assertThat(attributes(Client.setCookie(form, Security.CSRF))).contains("secure", "httponly", "samesite=lax");
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(attributes(Client.setCookie(login, Security.SESSION))).contains("secure", "httponly", "samesite=lax");
            assertThat(attributes(Client.setCookie(login, Security.CSRF))).contains("secure", "httponly", "samesite=lax");
        }
    }

    @Test
    void a_session_id_planted_before_login_is_not_the_one_after_it() {
        String planted = "planted-by-an-attacker-0123456789abcdefghijklmnop";
        var form = Client.withCookieHeader(app, "GET", "/login", Security.SESSION + "=" + planted);
        String browserId = Client.cookieValue(Client.setCookie(form, Security.CSRF));

        var login = Client.withCookieHeader(app, "POST", "/login",
                Security.SESSION + "=" + planted + "; " + Security.CSRF + "=" + browserId,
                Map.of("_csrf", Client.csrfOf(form.body()), "email", "planted@example.org",
                        "password", Fixtures.password("planted@example.org")));

        assertThat(login.statusCode()).isEqualTo(303);
        String issued = Client.cookieValue(Client.setCookie(login, Security.SESSION));
        assertThat(issued).isNotNull().isNotEqualTo(planted);
        assertThat(Client.cookieValue(Client.setCookie(login, Security.CSRF))).isNotNull().isNotEqualTo(browserId);
        assertThat(Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + planted).statusCode())
                .isEqualTo(303);
        assertThat(Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + issued).statusCode())
                .isEqualTo(200);
    }

    @Test
    void an_attackers_own_session_planted_in_a_victims_browser_is_replaced_at_the_victims_login() {
        var attacker = new Client(app);
        attacker.login("attacker@example.org", Fixtures.password("attacker@example.org"));
        String attackersSession = attacker.cookie(Security.SESSION);
        var form = Client.withCookieHeader(app, "GET", "/login", Security.SESSION + "=" + attackersSession);
        String browserId = Client.cookieValue(Client.setCookie(form, Security.CSRF));

        var login = Client.withCookieHeader(app, "POST", "/login",
                Security.SESSION + "=" + attackersSession + "; " + Security.CSRF + "=" + browserId,
                Map.of("_csrf", Client.csrfOf(form.body()), "email", "victim@example.org",
                        "password", Fixtures.password("victim@example.org")));

        String victimsSession = Client.cookieValue(Client.setCookie(login, Security.SESSION));
        assertThat(victimsSession).isNotNull().isNotEqualTo(attackersSession);
        // The attacker's copy does not follow the victim in: it opens nothing now.
        var replay = Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + attackersSession);
        assertThat(replay.statusCode()).isEqualTo(303);
        var mine = Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + victimsSession);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains("victim@example.org").doesNotContain("attacker@example.org");
    }

    @Test
    void each_login_issues_a_new_session_id_and_ends_the_previous_one() {
        var client = new Client(app);
        client.login("twice@example.org", Fixtures.password("twice@example.org"));
        String first = client.cookie(Security.SESSION);

        client.login("twice@example.org", Fixtures.password("twice@example.org"));

        assertThat(client.cookie(Security.SESSION)).isNotEqualTo(first);
        assertThat(Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + first).statusCode()).isEqualTo(303);
    }

    @Test
    void after_logout_the_old_cookie_value_no_longer_authenticates_when_replayed() {
        var client = new Client(app);
        client.login("logout@example.org", Fixtures.password("logout@example.org"));
        String old = client.cookie(Security.SESSION);
        assertThat(Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + old).statusCode()).isEqualTo(200);
        assertThat(Client.withCookieHeader(app, "GET", "/api/library", Security.SESSION + "=" + old).statusCode()).isEqualTo(200);
        client.get("/settings");

        var logout = client.postForm("/logout", Map.of());

        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(Client.cookieValue(Client.setCookie(logout, Security.SESSION))).isEmpty();
        assertThat(attributes(Client.setCookie(logout, Security.SESSION)))
                .anySatisfy(a -> assertThat(a).matches("max-age=0|expires=thu, 01 jan 1970.*"));
        var page = Client.withCookieHeader(app, "GET", "/settings", Security.SESSION + "=" + old);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
        assertThat(Client.withCookieHeader(app, "GET", "/api/library", Security.SESSION + "=" + old).statusCode()).isEqualTo(401);
        assertThat(DbState.count(app, "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?",
                "logout@example.org")).isZero();
    }

    private static java.util.List<String> attributes(String setCookie) {
        assertThat(setCookie).isNotNull();
        return java.util.Arrays.stream(setCookie.split(";")).skip(1).map(s -> s.strip().toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
