package dev.paperboy.recommend;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words of a title and abstract as arxiv-sanity-lite's vectorizer sees them: accents stripped, lower case, tokens of
 * a letter or underscore followed by at least one letter, digit or underscore, English stop words removed.
 */
public final class Words {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** scikit-learn's English stop words (ENGLISH_STOP_WORDS), which arxiv-sanity-lite uses. */
    public static final Set<String> STOP = Set.of(("a about above across after afterwards again against all almost alone along already also "
            + "although always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are "
            + "around as at back be became because become becomes becoming been before beforehand behind being below beside "
            + "besides between beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe detail "
            + "do done down due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone "
            + "everything everywhere except few fifteen fifty fill find fire first five for former formerly forty found four "
            + "from front full further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers "
            + "herself him himself his how however hundred i ie if in inc indeed interest into is it its itself keep last "
            + "latter latterly least less ltd made many may me meanwhile might mill mine more moreover most mostly move much "
            + "must my myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now "
            + "nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own part per "
            + "perhaps please put rather re same see seem seemed seeming seems serious several she should show side since "
            + "sincere six sixty so some somehow someone something sometime sometimes somewhere still such system take ten "
            + "than that the their them themselves then thence there thereafter thereby therefore therein thereupon these "
            + "they thick thin third this those though three through throughout thru thus to together too top toward towards "
            + "twelve twenty two un under until up upon us very via was we well were what whatever when whence whenever where "
            + "whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose "
            + "why will with within without would yet you your yours yourself yourselves").split(" "));

    private Words() {}

    /** Lower case without accents: "Gödel" and "Godel" are the same word. */
    public static String fold(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 128;
        }
        if (ascii) {
            return text.toLowerCase(Locale.ROOT);
        }
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** The tokens of {@code text} in order, stop words removed. */
    public static List<String> tokens(String text) {
        var out = new ArrayList<String>();
        String folded = fold(text);
        int n = folded.length();
        int i = 0;
        while (i < n) {
            if (!wordChar(folded.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && wordChar(folded.charAt(i))) {
                i++;
            }
            // The pattern \b[a-z_][a-z0-9_]+\b: a whole run of word characters, not starting with a digit.
            char first = folded.charAt(start);
            if (i - start >= 2 && (first == '_' || (first >= 'a' && first <= 'z'))) {
                String t = folded.substring(start, i);
                if (!STOP.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Unigrams and the bigrams of adjacent tokens (after stop-word removal, as scikit-learn forms them). */
    public static List<String> terms(String text) {
        List<String> tokens = tokens(text);
        var out = new ArrayList<String>(tokens.size() * 2);
        out.addAll(tokens);
        for (int i = 1; i < tokens.size(); i++) {
            out.add(tokens.get(i - 1) + " " + tokens.get(i));
        }
        return out;
    }
}
