package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code paperboy user add EMAIL --role admin}: the first admin, with a link that sets the password. */
class UserAddCommandTest {

    @Test
    void user_add_creates_a_confirmed_admin_and_prints_a_setup_link_that_sets_the_password() {
        try (var app = TestApp.empty()) {
            String out;
            int status;
            PrintStream original = System.out;
            var bytes = new ByteArrayOutputStream();
            synchronized (UserAddCommandTest.class) {
                try {
                    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
                    status = Main.run(dev.paperboy.TestDatabases.cli("user", "add", "First@Example.org", "--role", "admin", "--data", app.dataDir().toString()));
                } finally {
                    System.setOut(original);
                }
            }
            out = bytes.toString(StandardCharsets.UTF_8);

            assertThat(status).isZero();
            assertThat(out).contains("Created admin first@example.org (first).");
            var m = Pattern.compile("/reset\\?token=(\\S+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            var accounts = app.app().community().accounts();
            var user = accounts.byEmail("first@example.org").orElseThrow();
            assertThat(user.role()).isEqualTo(Role.ADMIN);
            assertThat(user.verified()).isTrue();
            assertThat(accounts.authenticate("first@example.org", "the admin password")).isEmpty();

            accounts.resetPassword(m.group(1), "the admin password");

            assertThat(accounts.authenticate("first@example.org", "the admin password")).isPresent();
        }
    }
}
