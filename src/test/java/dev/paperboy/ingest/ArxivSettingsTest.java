package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.Config;
import dev.paperboy.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArxivSettingsTest {
    @Test
    void the_defaults_are_arxivs_endpoints_and_its_three_second_rule() {
        ArxivSettings settings = ArxivSettings.from(Config.defaultsOnly());
        assertThat(settings.oaiBaseUrl()).hasToString("https://oaipmh.arxiv.org/oai");
        assertThat(settings.apiBaseUrl()).hasToString("https://export.arxiv.org/api/query");
        assertThat(settings.minInterval()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void the_interval_can_be_raised_but_not_lowered() {
        assertThat(ArxivSettings.from(Config.defaultsOnly().with("arxiv.min-interval", "PT10S")).minInterval())
                .isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> ArxivSettings.from(Config.defaultsOnly().with("arxiv.min-interval", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 3 seconds");
    }

    @Test
    void retry_after_is_read_as_seconds_or_as_an_http_date() {
        var now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        assertThat(PoliteHttp.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(PoliteHttp.retryAfter("Thu, 01 Jan 2026 00:00:45 GMT", now)).isEqualTo(Duration.ofSeconds(45));
        assertThat(PoliteHttp.retryAfter("soon", now)).isNull();
    }
}
