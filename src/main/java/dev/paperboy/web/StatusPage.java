package dev.paperboy.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /status} and {@code /api/status}: what the server's background work is doing. Each feature contributes a
 * {@link Section}; the page only lists them.
 */
public final class StatusPage {
    /** A titled list of facts, read fresh on every request. */
    public record Section(String title, Supplier<Map<String, String>> facts) {}

    private final List<Section> sections;
    private final Templates templates;

    StatusPage(List<Section> sections, Templates templates) {
        this.sections = List.copyOf(sections);
        this.templates = templates;
    }

    private Map<String, Map<String, String>> read() {
        var all = new LinkedHashMap<String, Map<String, String>>();
        sections.forEach(section -> all.put(section.title(), section.facts().get()));
        return all;
    }

    void html(Context ctx) {
        ctx.contentType(Rendered.HTML).result(templates.page(ctx, "status.jte", Map.of("sections", read())));
    }

    void json(Context ctx) {
        ctx.contentType(Rendered.JSON).result(HfJson.bytes(HfJson.MAPPER.valueToTree(read())));
    }
}
