package dev.paperboy.paper;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arXiv identifier without version, e.g. 2402.11215 or hep-th/9901001, plus the version it was written with, if
 * any.
 *
 * @param id the canonical id: no prefix, no version, lowercase archive, no subject class
 * @param version the version given with the id, or 0 when none was
 */
public record ArxivId(String id, int version) {
    private static final Set<String> ARCHIVES = Set.of(
            "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn", "chem-ph",
            "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
            "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph",
            "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con");

    // A link as people paste it: to arXiv, or to the paper's page on Hugging Face or alphaXiv, with or without the
    // scheme (the browser's address bar often drops it). The character classes stay ASCII-only because neither
    // UNICODE_CASE nor UNICODE_CHARACTER_CLASS is set.
    private static final Pattern URL = Pattern.compile(
            "(?:https?://)?(?:(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)|(?:www\\.)?(?:huggingface|hf)\\.co/papers"
                    + "|(?:www\\.)?alphaxiv\\.org/(?:abs|overview))/([^?#]+?)(?:\\.pdf)?/?(?:[?#].*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION = Pattern.compile("v([1-9]\\d{0,8})\\z", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEW_STYLE = Pattern.compile("(\\d{4})\\.(\\d{4,5})");
    private static final Pattern OLD_STYLE =
            Pattern.compile("([a-z-]+)(?:\\.[a-z]+)?/(\\d\\d)(\\d\\d)(\\d{3})", Pattern.CASE_INSENSITIVE);

    public ArxivId {
        if (version < 0) {
            throw new IllegalArgumentException("version must be 0 (none) or positive, was " + version);
        }
        if (id == null || !id.equals(canonicalOrNull(id))) {
            throw new InvalidArxivIdException(id);
        }
    }

    public static ArxivId parse(String text) {
        ArxivId parsed = parseOrNull(text);
        if (parsed == null) {
            throw new InvalidArxivIdException(text);
        }
        return parsed;
    }

    public static boolean isValid(String text) {
        return parseOrNull(text) != null;
    }

    public boolean isNewStyle() {
        return id.indexOf('/') < 0;
    }

    public String withVersion() {
        return version == 0 ? id : id + "v" + version;
    }

    public String absUrl() {
        return "https://arxiv.org/abs/" + id;
    }

    public String pdfUrl() {
        return "https://arxiv.org/pdf/" + id;
    }

    @Override
    public String toString() {
        return id;
    }

    private static ArxivId parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        Matcher url = URL.matcher(s);
        if (url.matches()) {
            s = url.group(1);
        } else if (s.regionMatches(true, 0, "arXiv:", 0, 6)) {
            s = s.substring(6);
        }
        int version = 0;
        Matcher v = VERSION.matcher(s);
        if (v.find()) {
            // At most nine digits, so this cannot overflow an int.
            version = Integer.parseInt(v.group(1));
            s = s.substring(0, v.start());
        }
        String id = canonicalOrNull(s);
        return id == null ? null : new ArxivId(id, version);
    }

    /** The canonical form of a version-less id, or null when it is not one. */
    private static String canonicalOrNull(String s) {
        Matcher m = NEW_STYLE.matcher(s);
        if (m.matches()) {
            int yymm = Integer.parseInt(m.group(1));
            // Four-digit numbers ran from April 2007 to December 2014; five-digit ones from January 2015.
            boolean rightWidth = m.group(2).length() == 4 ? yymm >= 704 && yymm <= 1412 : yymm >= 1501;
            return isMonth(yymm % 100) && rightWidth && !isZeros(m.group(2)) ? s : null;
        }
        m = OLD_STYLE.matcher(s);
        if (m.matches()) {
            String archive = m.group(1).toLowerCase(Locale.ROOT);
            int yy = Integer.parseInt(m.group(2));
            boolean oldStyleYear = yy >= 91 || yy <= 7;
            return ARCHIVES.contains(archive) && oldStyleYear && isMonth(Integer.parseInt(m.group(3)))
                    && !isZeros(m.group(4)) ? archive + "/" + m.group(2) + m.group(3) + m.group(4) : null;
        }
        return null;
    }

    private static boolean isMonth(int mm) {
        return mm >= 1 && mm <= 12;
    }

    // arXiv numbers papers from 1 within each month, so an all-zero number was never assigned.
    private static boolean isZeros(String digits) {
        return digits.chars().allMatch(c -> c == '0');
    }
}
