package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** A response is compressed only when a client asks for gzip, and then only once. */
class RenderedTest {
    private static final byte[] BODY = "{\"papers\": [] }".repeat(200).getBytes(StandardCharsets.UTF_8);

    @Test
    void a_body_is_compressed_on_the_first_request_that_accepts_gzip_and_kept() throws IOException {
        var rendered = Rendered.json(BODY, Map.of());
        assertThat(rendered.compressed().get()).as("rendering compresses nothing").isNull();
        assertThat(rendered.gzipFor(null)).isFalse();
        assertThat(rendered.gzipFor("identity")).isFalse();
        assertThat(rendered.compressed().get()).as("clients without gzip cost no compression").isNull();

        assertThat(rendered.gzipFor("gzip, deflate, br")).isTrue();
        byte[] gzip = rendered.gzip();
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes()).isEqualTo(BODY);
        assertThat(rendered.gzip()).as("compressed once").isSameAs(gzip);
    }

    @Test
    void a_small_body_is_never_compressed() {
        var rendered = Rendered.json("[]".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(rendered.gzipFor("gzip")).isFalse();
        assertThat(rendered.gzip()).isNull();
    }
}
