package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults_work_without_any_file_or_environment() {
        Config config = Config.defaultsOnly();
        assertThat(config.integer("server.port")).isEqualTo(8080);
        assertThat(config.string("data.dir")).isEqualTo("./data");
        assertThat(config.bool("feed.arxiv-auto")).isTrue();
        assertThat(config.duration("server.cache-ttl")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void file_then_environment_then_flags_each_override_the_one_before() throws IOException {
        Path file = dir.resolve("paperboy.properties");
        Files.writeString(file, "server.port=9000\nserver.base-url=https://papers.example.org\nfeed.page-size=10\n");
        Config config = Config.load(file,
                Map.of("PAPERBOY_SERVER_PORT", "9100", "PAPERBOY_FEED_PAGE_SIZE", "20", "UNRELATED", "x"),
                Map.of("server.port", "9200"));
        assertThat(config.integer("server.port")).isEqualTo(9200);
        assertThat(config.integer("feed.page-size")).isEqualTo(20);
        assertThat(config.string("server.base-url")).isEqualTo("https://papers.example.org");
    }

    @Test
    void environment_names_use_underscores_for_dots_and_dashes() {
        assertThat(Config.envName("server.port")).isEqualTo("PAPERBOY_SERVER_PORT");
        assertThat(Config.envName("server.base-url")).isEqualTo("PAPERBOY_SERVER_BASE_URL");
        Config config = Config.load(null, Map.of("PAPERBOY_SERVER_BASE_URL", "https://x.example"), Map.of());
        assertThat(config.string("server.base-url")).isEqualTo("https://x.example");
    }

    @Test
    void an_unknown_key_in_a_config_file_is_named_in_the_error() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "server.prot=9000\n");
        assertThatThrownBy(() -> Config.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.prot");
    }

    @Test
    void a_missing_config_file_is_an_error_not_silently_ignored() {
        assertThatThrownBy(() -> Config.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.properties");
    }

    @Test
    void malformed_values_name_the_key_and_what_it_expects() {
        Config config = Config.defaultsOnly().with("server.port", "eighty");
        assertThatThrownBy(() -> config.integer("server.port"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> Config.defaultsOnly().with("demo.load", "maybe").bool("demo.load"))
                .hasMessageContaining("true or false");
    }

    @Test
    void describe_masks_secrets_and_says_where_each_value_came_from() {
        Config config = Config.load(null, Map.of("PAPERBOY_SERVER_SECRET", "s3cr3t-value-that-is-long-enough-xx"), Map.of());
        String text = config.describe();
        assertThat(text).doesNotContain("s3cr3t").contains("server.secret = ******");
        assertThat(text).contains("server.port = 8080    # default, env PAPERBOY_SERVER_PORT");
        assertThat(text).contains("# env PAPERBOY_SERVER_SECRET");
    }

    @Test
    void production_mode_refuses_to_start_without_a_secret() {
        Config config = Config.defaultsOnly().with("mode", "production").with("data.dir", dir.toString());
        try (var app = new App(config, java.time.Clock.systemUTC())) {
            assertThatThrownBy(app::serverSecret)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("PAPERBOY_SERVER_SECRET");
        }
    }

    @Test
    void development_mode_generates_a_secret_once_and_keeps_it() {
        Config config = Config.defaultsOnly().with("data.dir", dir.toString());
        String first;
        try (var app = new App(config, java.time.Clock.systemUTC())) {
            first = app.serverSecret();
        }
        try (var app = new App(config, java.time.Clock.systemUTC())) {
            assertThat(app.serverSecret()).isEqualTo(first).hasSize(64);
        }
    }
}
