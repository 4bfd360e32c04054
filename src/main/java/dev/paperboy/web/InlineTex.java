package dev.paperboy.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the simple inline TeX of titles and abstracts ({@code $k$}, {@code $O(N^2)$}, {@code $\mathbb{R}^n$},
 * {@code $\alpha\in [0,1]$}) as plain HTML on the server, so that a page whose TeX is all of that kind need not load
 * KaTeX (~130 KB of script and fonts, most of a page's transfer). A span is converted only when every token in it
 * is understood; anything else ({@code \frac}, {@code \sqrt}, {@code \left}, an unknown command, unbalanced braces)
 * is left exactly as it was, for KaTeX to render in the browser, and {@link #leavesTex} says so, so the page loads
 * KaTeX for it.
 *
 * <p>Spans are found the way KaTeX's auto-render (as configured in {@code math.js}) finds them: the first of
 * {@code $$ \[ $ \(}, its closing delimiter at brace level zero with backslashes escaping the next character, and
 * nothing after an unclosed delimiter. Converted spans contain no delimiter, so auto-render cannot process them a
 * second time, and the spans left in place pair up exactly as they did before. Every character of the input is
 * HTML-escaped: titles and abstracts come from arXiv and users. The output reads as text to a screen reader
 * ({@code x<sup>2</sup>} reads "x 2"); the raw TeX stays in the Atom feeds, the Markdown and the JSON.
 */
public final class InlineTex {
    private InlineTex() {}

    /** The text as HTML, its simple inline TeX converted and everything else escaped. */
    public static String html(String text) {
        return render(text).html();
    }

    /** True when the text holds TeX that {@link #html} leaves for KaTeX, i.e. a page showing it needs KaTeX. */
    public static boolean leavesTex(String text) {
        return render(text).leavesTex();
    }

    record Rendered(String html, boolean leavesTex) {}

    private static final String[][] DELIMITERS = {{"$$", "$$"}, {"\\[", "\\]"}, {"$", "$"}, {"\\(", "\\)"}};

    static Rendered render(String text) {
        if (text == null) {
            return new Rendered("", false);
        }
        var out = new StringBuilder(text.length() + 32);
        boolean leaves = false;
        int at = 0;
        while (at < text.length()) {
            int start = nextDelimiter(text, at);
            if (start < 0) {
                break;
            }
            String[] delimiter = null;
            for (String[] d : DELIMITERS) {
                if (text.startsWith(d[0], start)) {
                    delimiter = d;
                    break;
                }
            }
            int end = endOfMath(delimiter[1], text, start + delimiter[0].length());
            if (end < 0) {
                break; // auto-render stops at an unclosed delimiter: the rest is text
            }
            escape(text, at, start, out);
            boolean inline = delimiter[0].equals("$") || delimiter[0].equals("\\(");
            String converted = inline ? convert(text.substring(start + delimiter[0].length(), end)) : null;
            int after = end + delimiter[1].length();
            if (converted == null) {
                escape(text, start, after, out);
                leaves = true;
            } else {
                out.append(converted);
            }
            at = after;
        }
        escape(text, at, text.length(), out);
        return new Rendered(out.toString(), leaves);
    }

    // Where auto-render's regular expression /(\$\$|\\\[|\$|\\\()/ first matches.
    private static int nextDelimiter(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' || c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '[' || text.charAt(i + 1) == '(')) {
                return i;
            }
        }
        return -1;
    }

    // auto-render's findEndOfMath: the closing delimiter at brace level zero; a backslash skips the next character.
    private static int endOfMath(String delimiter, String text, int from) {
        int braces = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (braces <= 0 && text.startsWith(delimiter, i)) {
                return i;
            } else if (c == '\\') {
                i++;
            } else if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            }
        }
        return -1;
    }

    /** The span's TeX as HTML, or null when some part of it is beyond this class. */
    static String convert(String tex) {
        try {
            var parser = new Parser(tex);
            String html = parser.mathList(false, false);
            if (parser.pos < tex.length()) {
                return null; // a stray closing brace
            }
            // Letters are italicised one at a time; one <i> per word reads better and is shorter.
            return "<span class=\"tex\">" + html.replace("</i><i>", "") + "</span>";
        } catch (Unsupported e) {
            return null;
        }
    }

    /** Thrown for anything the converter does not understand; the span is then left for KaTeX. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** TeX's atom classes, which decide the spacing around operators and relations. */
    private enum Kind { ORD, OP, BIN, REL, OPEN, CLOSE, PUNCT, SPACE }

    private static final class Atom {
        final Kind kind;
        final StringBuilder html;
        boolean sup;
        boolean sub;

        Atom(Kind kind, String html) {
            this.kind = kind;
            this.html = new StringBuilder(html);
        }
    }

    private static Atom atom(Kind kind, String html) {
        return new Atom(kind, html);
    }

    private static final Map<String, String> GREEK_LOWER = Map.ofEntries(
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ϵ"), Map.entry("varepsilon", "ε"), Map.entry("zeta", "ζ"), Map.entry("eta", "η"),
            Map.entry("theta", "θ"), Map.entry("vartheta", "ϑ"), Map.entry("iota", "ι"), Map.entry("kappa", "κ"),
            Map.entry("lambda", "λ"), Map.entry("mu", "μ"), Map.entry("nu", "ν"), Map.entry("xi", "ξ"),
            Map.entry("pi", "π"), Map.entry("varpi", "ϖ"), Map.entry("rho", "ρ"), Map.entry("varrho", "ϱ"),
            Map.entry("sigma", "σ"), Map.entry("varsigma", "ς"), Map.entry("tau", "τ"), Map.entry("upsilon", "υ"),
            Map.entry("phi", "ϕ"), Map.entry("varphi", "φ"), Map.entry("chi", "χ"), Map.entry("psi", "ψ"),
            Map.entry("omega", "ω"));

    private static final Map<String, String> GREEK_UPPER = Map.ofEntries(
            Map.entry("Gamma", "Γ"), Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"),
            Map.entry("Xi", "Ξ"), Map.entry("Pi", "Π"), Map.entry("Sigma", "Σ"), Map.entry("Upsilon", "Υ"),
            Map.entry("Phi", "Φ"), Map.entry("Psi", "Ψ"), Map.entry("Omega", "Ω"));

    private static final Map<String, String> RELATIONS = Map.ofEntries(
            Map.entry("le", "≤"), Map.entry("leq", "≤"), Map.entry("ge", "≥"), Map.entry("geq", "≥"),
            Map.entry("ne", "≠"), Map.entry("neq", "≠"), Map.entry("approx", "≈"), Map.entry("sim", "∼"),
            Map.entry("simeq", "≃"), Map.entry("equiv", "≡"), Map.entry("propto", "∝"), Map.entry("ll", "≪"),
            Map.entry("gg", "≫"), Map.entry("in", "∈"), Map.entry("notin", "∉"), Map.entry("ni", "∋"),
            Map.entry("subset", "⊂"), Map.entry("subseteq", "⊆"), Map.entry("supset", "⊃"),
            Map.entry("supseteq", "⊇"), Map.entry("to", "→"), Map.entry("rightarrow", "→"),
            Map.entry("leftarrow", "←"), Map.entry("gets", "←"), Map.entry("leftrightarrow", "↔"),
            Map.entry("Rightarrow", "⇒"), Map.entry("Leftarrow", "⇐"), Map.entry("Leftrightarrow", "⇔"),
            Map.entry("iff", "⟺"), Map.entry("implies", "⟹"), Map.entry("mapsto", "↦"),
            Map.entry("longrightarrow", "⟶"), Map.entry("mid", "∣"), Map.entry("perp", "⊥"),
            Map.entry("parallel", "∥"));

    private static final Map<String, String> BINARY = Map.ofEntries(
            Map.entry("times", "×"), Map.entry("cdot", "⋅"), Map.entry("div", "÷"), Map.entry("pm", "±"),
            Map.entry("mp", "∓"), Map.entry("circ", "∘"), Map.entry("star", "⋆"), Map.entry("ast", "∗"),
            Map.entry("bullet", "∙"), Map.entry("cup", "∪"), Map.entry("cap", "∩"), Map.entry("setminus", "∖"),
            Map.entry("wedge", "∧"), Map.entry("land", "∧"), Map.entry("vee", "∨"), Map.entry("lor", "∨"),
            Map.entry("oplus", "⊕"), Map.entry("otimes", "⊗"));

    private static final Map<String, String> ORDINARY = Map.ofEntries(
            Map.entry("infty", "∞"), Map.entry("ell", "ℓ"), Map.entry("partial", "∂"), Map.entry("nabla", "∇"),
            Map.entry("forall", "∀"), Map.entry("exists", "∃"), Map.entry("neg", "¬"), Map.entry("lnot", "¬"),
            Map.entry("emptyset", "∅"), Map.entry("varnothing", "∅"), Map.entry("dots", "…"),
            Map.entry("ldots", "…"), Map.entry("cdots", "⋯"), Map.entry("prime", "′"), Map.entry("hbar", "ℏ"),
            Map.entry("top", "⊤"), Map.entry("bot", "⊥"), Map.entry("%", "%"), Map.entry("&", "&amp;"),
            Map.entry("_", "_"), Map.entry("#", "#"), Map.entry("|", "‖"), Map.entry("checkmark", "✓"),
            Map.entry("dagger", "†"));

    private static final Map<String, String> OPEN = Map.of(
            "langle", "⟨", "lfloor", "⌊", "lceil", "⌈", "{", "{");
    private static final Map<String, String> CLOSE = Map.of(
            "rangle", "⟩", "rfloor", "⌋", "rceil", "⌉", "}", "}");

    // Written upright, like KaTeX's \log; sums and integrals take their limits as scripts inline, as here.
    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("sum", "∑"), Map.entry("prod", "∏"), Map.entry("int", "∫"), Map.entry("bigcup", "⋃"),
            Map.entry("bigcap", "⋂"));
    private static final List<String> FUNCTIONS = List.of(
            "log", "ln", "lg", "exp", "max", "min", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arg", "det", "dim",
            "lim", "sup", "inf", "deg", "ker", "Pr", "gcd");

    private static final Map<String, String> SPACES = Map.of(
            ",", "\u2009", ":", "\u2005", ">", "\u2005", ";", "\u2004", "!", "", " ", " ", "quad", "\u2003",
            "qquad", "\u2003\u2003");

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        /**
         * Math until a closing brace or the end. {@code script}: inside a superscript or subscript, where TeX puts no
         * space around operators. {@code upright}: letters in roman, as in {@code \mathrm}.
         */
        String mathList(boolean script, boolean upright) {
            var atoms = new ArrayList<Atom>();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '}') {
                    break;
                }
                if (c == '^' || c == '_') {
                    pos++;
                    Atom base = atoms.isEmpty() || atoms.getLast().kind == Kind.SPACE ? null : atoms.getLast();
                    if (base == null) {
                        base = atom(Kind.ORD, "");
                        atoms.add(base);
                    }
                    if (c == '^' ? base.sup : base.sub) {
                        throw new Unsupported(); // a double superscript is an error in TeX
                    }
                    String arg = scriptArgument(upright);
                    base.html.append(c == '^' ? "<sup>" : "<sub>").append(arg).append(c == '^' ? "</sup>" : "</sub>");
                    if (c == '^') {
                        base.sup = true;
                    } else {
                        base.sub = true;
                    }
                    continue;
                }
                Atom atom = mathAtom(upright);
                if (atom != null) {
                    atoms.add(atom);
                }
            }
            return join(atoms, script);
        }

        // One token after ^ or _: a character, a command (with its argument) or a braced group.
        private String scriptArgument(boolean upright) {
            skipSpaces();
            if (pos >= s.length()) {
                throw new Unsupported();
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                String html = mathList(true, upright);
                expect('}');
                return html;
            }
            if (c == '}' || c == '^' || c == '_') {
                throw new Unsupported();
            }
            Atom atom = mathAtom(upright);
            if (atom == null) {
                throw new Unsupported();
            }
            return atom.html.toString();
        }

        /** The next atom of math, or null for ignored white space. */
        private Atom mathAtom(boolean upright) {
            char c = s.charAt(pos++);
            if (Character.isWhitespace(c)) {
                return null;
            }
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                return atom(Kind.ORD, upright ? String.valueOf(c) : "<i>" + c + "</i>");
            }
            if (c >= '0' && c <= '9' || c == '.') {
                return atom(Kind.ORD, String.valueOf(c));
            }
            switch (c) {
                case '+': return atom(Kind.BIN, "+");
                case '-': return atom(Kind.BIN, "−");
                case '*': return atom(Kind.BIN, "∗");
                case '=': return atom(Kind.REL, "=");
                case '<': return atom(Kind.REL, "&lt;");
                case '>': return atom(Kind.REL, "&gt;");
                case ':': return atom(Kind.REL, ":");
                case ',': return atom(Kind.PUNCT, ",");
                case ';': return atom(Kind.PUNCT, ";");
                case '(': return atom(Kind.OPEN, "(");
                case '[': return atom(Kind.OPEN, "[");
                case ')': return atom(Kind.CLOSE, ")");
                case ']': return atom(Kind.CLOSE, "]");
                case '!': return atom(Kind.CLOSE, "!");
                case '?': return atom(Kind.CLOSE, "?");
                case '/': return atom(Kind.ORD, "/");
                case '|': return atom(Kind.ORD, "|");
                case '\'': return atom(Kind.ORD, "′");
                case '~': return atom(Kind.SPACE, "\u00a0");
                case '{': {
                    String html = mathList(false, upright);
                    expect('}');
                    return atom(Kind.ORD, html);
                }
                case '\\': return command(upright);
                default: break;
            }
            if (isGreek(c)) {
                return atom(Kind.ORD, Character.isLowerCase(c) ? "<i>" + c + "</i>" : String.valueOf(c));
            }
            throw new Unsupported(); // & # % " and anything else KaTeX may treat specially
        }

        private Atom command(boolean upright) {
            String name = commandName();
            String symbol;
            if ((symbol = GREEK_LOWER.get(name)) != null) {
                return atom(Kind.ORD, "<i>" + symbol + "</i>"); // TeX slants lowercase Greek, not uppercase
            }
            if ((symbol = GREEK_UPPER.get(name)) != null || (symbol = ORDINARY.get(name)) != null) {
                return atom(Kind.ORD, symbol);
            }
            if ((symbol = RELATIONS.get(name)) != null) {
                return atom(Kind.REL, symbol);
            }
            if ((symbol = BINARY.get(name)) != null) {
                return atom(Kind.BIN, symbol);
            }
            if ((symbol = OPEN.get(name)) != null) {
                return atom(Kind.OPEN, symbol);
            }
            if ((symbol = CLOSE.get(name)) != null) {
                return atom(Kind.CLOSE, symbol);
            }
            if ((symbol = OPERATORS.get(name)) != null) {
                return atom(Kind.OP, symbol);
            }
            if (FUNCTIONS.contains(name)) {
                return atom(Kind.OP, name);
            }
            if ((symbol = SPACES.get(name)) != null) {
                return atom(Kind.SPACE, symbol);
            }
            return switch (name) {
                case "mathbb" -> atom(Kind.ORD, letters(argument(), InlineTex::doubleStruck));
                case "mathcal" -> atom(Kind.ORD, letters(argument(), InlineTex::script));
                case "mathbf" -> atom(Kind.ORD, "<b>" + math(argument(), true) + "</b>");
                case "boldsymbol", "bm" -> atom(Kind.ORD, "<b>" + math(argument(), false) + "</b>");
                case "mathit" -> atom(Kind.ORD, math(argument(), false));
                case "mathrm", "mathsf" -> atom(Kind.ORD, math(argument(), true)); // our body font is sans-serif
                case "underline" -> atom(Kind.ORD, "<u>" + math(argument(), upright) + "</u>");
                case "pmod" -> atom(Kind.ORD, "\u2003(mod\u2009" + math(argument(), upright) + ")");
                case "hat", "widehat" -> accent('\u0302');
                case "tilde", "widetilde" -> accent('\u0303');
                case "bar" -> accent('\u0304');
                case "dot" -> accent('\u0307');
                case "ddot" -> accent('\u0308');
                case "vec" -> accent('\u20d7');
                case "operatorname" -> atom(Kind.OP, math(argument(), true));
                case "mathtt" -> atom(Kind.ORD, "<code>" + math(argument(), true) + "</code>");
                case "text", "textrm", "textnormal", "textup", "textsf", "mbox" -> atom(Kind.ORD, text(argument()));
                case "textbf" -> atom(Kind.ORD, "<b>" + text(argument()) + "</b>");
                case "textit", "emph" -> atom(Kind.ORD, "<i>" + text(argument()) + "</i>");
                case "texttt" -> atom(Kind.ORD, "<code>" + text(argument()) + "</code>");
                default -> throw new Unsupported(); // \frac, \sqrt, \left, \hat, macros…: KaTeX's job
            };
        }

        /**
         * {@code \hat{x}}, {@code \bar{\theta}}: a single letter with a combining accent, which fonts place well enough
         * over one letter; over more ({@code \hat{xy}}) they do not, so those are left for KaTeX.
         */
        private Atom accent(char combining) {
            String arg = argument().strip();
            String letter;
            if (arg.length() == 1 && (arg.charAt(0) < 128 && Character.isLetter(arg.charAt(0)) || isGreek(arg.charAt(0)))) {
                letter = arg;
            } else if (arg.startsWith("\\") && GREEK_LOWER.containsKey(arg.substring(1))) {
                letter = GREEK_LOWER.get(arg.substring(1));
            } else if (arg.startsWith("\\") && GREEK_UPPER.containsKey(arg.substring(1))) {
                letter = GREEK_UPPER.get(arg.substring(1));
            } else {
                throw new Unsupported();
            }
            boolean italic = !(Character.isUpperCase(letter.charAt(0)) && isGreek(letter.charAt(0)));
            return atom(Kind.ORD, italic ? "<i>" + letter + combining + "</i>" : letter + combining);
        }

        // A command's name: a run of letters, or one other character (\, \{ \%).
        private String commandName() {
            if (pos >= s.length()) {
                throw new Unsupported();
            }
            int start = pos;
            if (Character.isLetter(s.charAt(pos)) && s.charAt(pos) < 128) {
                while (pos < s.length() && s.charAt(pos) < 128 && Character.isLetter(s.charAt(pos))) {
                    pos++;
                }
            } else {
                pos++;
            }
            return s.substring(start, pos);
        }

        // A command's argument as raw TeX: a braced group, or a single letter or digit.
        private String argument() {
            skipSpaces();
            if (pos >= s.length()) {
                throw new Unsupported();
            }
            char c = s.charAt(pos);
            if (c != '{') {
                if (!Character.isLetterOrDigit(c) || c >= 128) {
                    throw new Unsupported();
                }
                pos++;
                return String.valueOf(c);
            }
            int depth = 0;
            for (int i = pos; i < s.length(); i++) {
                char d = s.charAt(i);
                if (d == '\\') {
                    i++;
                } else if (d == '{') {
                    depth++;
                } else if (d == '}' && --depth == 0) {
                    String group = s.substring(pos + 1, i);
                    pos = i + 1;
                    return group;
                }
            }
            throw new Unsupported();
        }

        private void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new Unsupported();
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }

    // Greek letters typed as Unicode ($α$), which KaTeX accepts like \alpha.
    private static boolean isGreek(char c) {
        return c >= 'Α' && c <= 'Ω' && c != '\u03a2' || c >= 'α' && c <= 'ω' || "ϵϑϕϖϱ".indexOf(c) >= 0;
    }

    private static String math(String tex, boolean upright) {
        var parser = new Parser(tex);
        String html = parser.mathList(false, upright);
        if (parser.pos < tex.length()) {
            throw new Unsupported();
        }
        return html;
    }

    /**
     * Text mode, as in {@code \text{…}}: characters as they are, spaces kept, a few escapes and the text-font
     * commands; anything else (a command, {@code ^}, {@code &}) is left for KaTeX.
     */
    private static String text(String tex) {
        var out = new StringBuilder();
        for (int i = 0; i < tex.length(); i++) {
            char c = tex.charAt(i);
            switch (c) {
                case '^', '_', '&', '#', '%', '$' -> throw new Unsupported();
                case '~' -> out.append('\u00a0');
                case '{', '}' -> {
                    if (c == '}') {
                        throw new Unsupported();
                    }
                    int close = closingBrace(tex, i);
                    out.append(text(tex.substring(i + 1, close)));
                    i = close;
                }
                case '-' -> {
                    if (tex.startsWith("---", i)) {
                        out.append('—');
                        i += 2;
                    } else if (tex.startsWith("--", i)) {
                        out.append('–');
                        i += 1;
                    } else {
                        out.append('-');
                    }
                }
                case '\\' -> {
                    var parser = new Parser(tex);
                    parser.pos = i + 1;
                    String name = parser.commandName();
                    String inner = switch (name) {
                        case "%", "_", "#", "{", "}" -> name;
                        case "&" -> "&amp;";
                        case " ", "," -> name.equals(" ") ? " " : "\u2009";
                        case "textbf" -> "<b>" + text(parser.argument()) + "</b>";
                        case "textit", "emph" -> "<i>" + text(parser.argument()) + "</i>";
                        case "texttt" -> "<code>" + text(parser.argument()) + "</code>";
                        case "textrm", "text", "textnormal", "textup" -> text(parser.argument());
                        default -> throw new Unsupported();
                    };
                    out.append(inner);
                    i = parser.pos - 1;
                }
                default -> escape(c, out);
            }
        }
        return out.toString();
    }

    private static int closingBrace(String tex, int open) {
        int depth = 0;
        for (int i = open; i < tex.length(); i++) {
            char d = tex.charAt(i);
            if (d == '\\') {
                i++;
            } else if (d == '{') {
                depth++;
            } else if (d == '}' && --depth == 0) {
                return i;
            }
        }
        throw new Unsupported();
    }

    // \mathbb{R}, \mathcal{O}: each letter mapped to its Unicode counterpart, or the span is left for KaTeX.
    private static String letters(String tex, java.util.function.IntFunction<String> map) {
        var out = new StringBuilder();
        for (int i = 0; i < tex.length(); i++) {
            char c = tex.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            String mapped = c < 128 ? map.apply(c) : null;
            if (mapped == null) {
                throw new Unsupported();
            }
            out.append(mapped);
        }
        return out.toString();
    }

    // Unicode keeps the double-struck letters that existed before the Mathematical Alphanumeric block in
    // Letterlike Symbols (ℂ ℍ ℕ ℙ ℚ ℝ ℤ); the block has holes where they would be.
    private static String doubleStruck(int c) {
        String letterlike = switch (c) {
            case 'C' -> "ℂ";
            case 'H' -> "ℍ";
            case 'N' -> "ℕ";
            case 'P' -> "ℙ";
            case 'Q' -> "ℚ";
            case 'R' -> "ℝ";
            case 'Z' -> "ℤ";
            default -> null;
        };
        if (letterlike != null) {
            return letterlike;
        }
        if (c >= 'A' && c <= 'Z') {
            return Character.toString(0x1D538 + c - 'A');
        }
        if (c >= 'a' && c <= 'z') {
            return Character.toString(0x1D552 + c - 'a');
        }
        if (c >= '0' && c <= '9') {
            return Character.toString(0x1D7D8 + c - '0');
        }
        return null;
    }

    // KaTeX's \mathcal has capitals only; as above, some live in Letterlike Symbols.
    private static String script(int c) {
        String letterlike = switch (c) {
            case 'B' -> "ℬ";
            case 'E' -> "ℰ";
            case 'F' -> "ℱ";
            case 'H' -> "ℋ";
            case 'I' -> "ℐ";
            case 'L' -> "ℒ";
            case 'M' -> "ℳ";
            case 'R' -> "ℛ";
            default -> null;
        };
        if (letterlike != null) {
            return letterlike;
        }
        return c >= 'A' && c <= 'Z' ? Character.toString(0x1D49C + c - 'A') : null;
    }

    /**
     * The atoms with TeX's spacing, simplified: a binary operator becomes ordinary where it has no left operand
     * (the minus of {@code -1}); operators and relations get a space on each side, a non-breaking one before so that
     * a line breaks after them as in KaTeX; a function name is set off from letters around it by a thin space, as
     * is what follows a comma. Scripts get none of it.
     */
    private static String join(List<Atom> atoms, boolean script) {
        var out = new StringBuilder();
        Kind previous = null;
        for (int i = 0; i < atoms.size(); i++) {
            Atom atom = atoms.get(i);
            Kind kind = atom.kind;
            if (kind == Kind.SPACE) {
                out.append(atom.html);
                continue;
            }
            if (kind == Kind.BIN) {
                Kind next = nextKind(atoms, i);
                boolean noLeft = previous == null || previous == Kind.BIN || previous == Kind.OP
                        || previous == Kind.REL || previous == Kind.OPEN || previous == Kind.PUNCT;
                boolean noRight = next == null || next == Kind.REL || next == Kind.CLOSE || next == Kind.PUNCT;
                if (noLeft || noRight) {
                    kind = Kind.ORD;
                }
            }
            boolean spaced = !script && (kind == Kind.BIN || kind == Kind.REL && previous != null && previous != Kind.REL
                    && previous != Kind.OPEN && previous != Kind.PUNCT);
            if (spaced) {
                out.append('\u00a0');
            } else if (!script && (previous == Kind.OP && kind == Kind.ORD
                    || kind == Kind.OP && (previous == Kind.ORD || previous == Kind.CLOSE))) {
                out.append('\u2009');
            } else if (!script && previous == Kind.PUNCT) {
                out.append('\u2009');
            }
            out.append(atom.html);
            if (spaced && nextKind(atoms, i) != null && nextKind(atoms, i) != Kind.REL
                    && nextKind(atoms, i) != Kind.CLOSE && nextKind(atoms, i) != Kind.PUNCT) {
                out.append(' ');
            }
            previous = kind;
        }
        return out.toString();
    }

    private static Kind nextKind(List<Atom> atoms, int i) {
        for (int j = i + 1; j < atoms.size(); j++) {
            if (atoms.get(j).kind != Kind.SPACE) {
                return atoms.get(j).kind;
            }
        }
        return null;
    }

    private static void escape(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            escape(text.charAt(i), out);
        }
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '&' -> out.append("&amp;");
            case '"' -> out.append("&#34;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
        }
    }
}
