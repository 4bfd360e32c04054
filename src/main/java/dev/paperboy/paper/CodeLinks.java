package dev.paperboy.paper;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds links to code and project pages (GitHub, GitLab, Hugging Face) in free text such as abstracts and comments. */
public final class CodeLinks {
    // Abstracts are hard-wrapped and end sentences right after a URL, so trailing punctuation is trimmed below.
    private static final Pattern URL = Pattern.compile(
            "(?i)\\b(?:https?://)?(?:www\\.)?(github\\.com|gitlab\\.com|huggingface\\.co|[a-z0-9-]+\\.github\\.io)"
                    + "(/[\\w.~%+\\-/#]*)?");

    private CodeLinks() {}

    /** Returns normalised https URLs in order of first appearance, without duplicates. */
    public static List<String> find(String... texts) {
        var found = new LinkedHashSet<String>();
        for (String text : texts) {
            if (text == null || text.isEmpty()) {
                continue;
            }
            Matcher m = URL.matcher(text);
            while (m.find()) {
                String host = m.group(1).toLowerCase(java.util.Locale.ROOT);
                String path = trimTail(m.group(2) == null ? "" : m.group(2));
                if (isBareHost(host, path)) {
                    continue;
                }
                found.add("https://" + host + path);
            }
        }
        return List.copyOf(found);
    }

    /** The first GitHub repository link, as {@code https://github.com/owner/repo}, or null. */
    public static String githubRepo(List<String> links) {
        for (String link : links) {
            var m = Pattern.compile("^https://github\\.com/([\\w.-]+)/([\\w.-]+)").matcher(link);
            if (m.find()) {
                String repo = m.group(2).endsWith(".git") ? m.group(2).substring(0, m.group(2).length() - 4) : m.group(2);
                return "https://github.com/" + m.group(1) + "/" + repo;
            }
        }
        return null;
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
