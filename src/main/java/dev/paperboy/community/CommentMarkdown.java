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
        return RENDERER.render(PARSER.parse(markdown));
    }

}
