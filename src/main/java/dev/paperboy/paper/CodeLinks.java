package dev.paperboy.paper;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds links to code and project pages (GitHub, GitLab, Hugging Face) in free text such as abstracts and comments. */
public final class CodeLinks {
    // Abstracts are hard-wrapped and end sentences right after a URL, so trailing punctuation is trimmed below.
    // The host must not continue a longer host name: gist.github.com or docs.github.com are not repositories.
    private static final Pattern URL = Pattern.compile(
            "(?i)(?<![\\w.-])(?:https?://)?(?:www\\.)?"
                    + "(github\\.com|gitlab\\.com|huggingface\\.co|[a-z0-9-]+\\.github\\.io)"
                    + "(/[\\w.~%+\\-/#]*)?");

    private static final Pattern GITHUB_REPO = Pattern.compile("^https://github\\.com/([\\w.-]+)/([\\w.-]+)");

    private CodeLinks() {}

    /** Returns normalised https URLs in order of first appearance, without duplicates. */
    public static List<String> find(String... texts) {
        var found = new LinkedHashSet<String>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            // The regex is the slowest step of a bulk import, so it only runs on the words that name a code host.
            int end = 0;
            for (int dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', Math.max(dot + 1, end))) {
                if (!namesCodeHostAt(text, dot)) {
                    continue;
                }
                int start = dot;
                while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
                end = dot;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                Matcher m = URL.matcher(text.substring(start, end));
                while (m.find()) {
                    String host = m.group(1).toLowerCase(java.util.Locale.ROOT);
                    String path = trimTail(m.group(2) == null ? "" : m.group(2));
                    if (!isBareHost(host, path)) {
                        found.add("https://" + host + path);
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /** The first GitHub repository link, as {@code https://github.com/owner/repo}, or null. */
    public static String githubRepo(List<String> links) {
        for (String link : links) {
            var m = GITHUB_REPO.matcher(link);
            if (m.find()) {
                String repo = m.group(2).endsWith(".git") ? m.group(2).substring(0, m.group(2).length() - 4) : m.group(2);
                return "https://github.com/" + m.group(1) + "/" + repo;
            }
        }
        return null;
    }

    private static boolean namesCodeHostAt(String text, int dot) {
        return text.regionMatches(true, dot - 6, "github", 0, 6) || text.regionMatches(true, dot - 6, "gitlab", 0, 6)
                || text.regionMatches(true, dot - 11, "huggingface", 0, 11);
    }

    private static boolean isBareHost(String host, String path) {
        // "github.com" alone, or a single path segment on a code host, names a site or a user, not a project.
        boolean codeHost = host.equals("github.com") || host.equals("gitlab.com") || host.equals("huggingface.co");
        long segments = java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).count();
        return codeHost ? segments < 2 : false;
    }

    private static String trimTail(String path) {
        int end = path.length();
        while (end > 0 && ".,;:)/#-".indexOf(path.charAt(end - 1)) >= 0) {
            end--;
        }
        return path.substring(0, end);
    }
}
