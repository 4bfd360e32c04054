package dev.paperboy.community;

import java.util.List;
import java.util.Set;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Comment text as safe HTML: CommonMark with raw HTML escaped (never passed through), only http(s) and mailto
 * links, every link {@code rel="nofollow ugc"} (so spam earns no search rank), and images shown as links (an
 * image from elsewhere would tell its host who reads the page).
 */
final class CommentMarkdown {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            // The default also lets data: through; a comment has no business linking to an inline document.
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            .softbreak("<br>\n")
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow ugc noopener");
                }
            })
            .nodeRendererFactory(context -> new NodeRenderer() {
                @Override
                public Set<Class<? extends Node>> getNodeTypes() {
                    return Set.of(Image.class);
                }

                @Override
                public void render(Node node) {
                    var image = (Image) node;
                    var link = new Link(image.getDestination(), image.getTitle());
                    String alt = image.getFirstChild() instanceof Text t ? t.getLiteral() : image.getDestination();
                    link.appendChild(new Text(alt.isEmpty() ? image.getDestination() : alt));
                    context.render(link);
                }
            })
            .build();

    private CommentMarkdown() {}

    static String html(String markdown) {
        return RENDERER.render(PARSER.parse(protectTex(markdown)));
    }

    // Code spans (kept as they are) or TeX between $…$ / $$…$$ / \(…\) / \[…\].
    private static final java.util.regex.Pattern CODE_OR_TEX = java.util.regex.Pattern.compile(
            "(`+)[\\s\\S]*?\\1|\\$\\$[^$]+\\$\\$|\\$[^$\\n]+\\$|\\\\\\([\\s\\S]+?\\\\\\)|\\\\\\[[\\s\\S]+?\\\\\\]");

    /**
     * TeX survives Markdown untouched: inside a formula every ASCII punctuation mark is backslash-escaped, so
     * CommonMark neither reads {@code _} or {@code *} as emphasis nor eats the backslash of {@code \{}; the page's
     * KaTeX then renders the formula from the text as written.
     */
    static String protectTex(String markdown) {
        var m = CODE_OR_TEX.matcher(markdown);
        var out = new StringBuilder(markdown.length() + 16);
        while (m.find()) {
            String span = m.group();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(span.startsWith("`") ? span : escapePunctuation(span)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String escapePunctuation(String tex) {
        var out = new StringBuilder(tex.length() * 2);
        for (char c : tex.toCharArray()) {
            if (c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

}
