package dev.paperboy.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.util.Map;

/** The JTE templates, compiled at build time into {@code dev.paperboy.web.templates}; HTML output is escaped. */
final class Templates {
    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.paperboy.web.templates");

    byte[] render(String name, Map<String, Object> params) {
        var out = new Utf8ByteOutput();
        engine.render(name, params, out);
        return out.toByteArray();
    }
}
