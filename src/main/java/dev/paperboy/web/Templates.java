package dev.paperboy.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.util.Map;

/** The JTE templates, compiled at build time into {@code dev.paperboy.web.templates}; HTML output is escaped. */
final class Templates {
    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.paperboy.web.templates");

    /** A page for this request's visitor: their name in the header, their votes on the cards. */
    byte[] page(io.javalin.http.Context ctx, String name, Map<String, Object> params) {
        var all = new java.util.HashMap<String, Object>(params);
        all.put("visitor", Security.visitor(ctx));
        return render(name, all);
    }

    byte[] render(String name, Map<String, Object> params) {
        var out = new Utf8ByteOutput();
        engine.render(name, params, out);
        return out.toByteArray();
    }
}
