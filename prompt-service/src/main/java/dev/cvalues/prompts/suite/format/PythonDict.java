package dev.cvalues.prompts.suite.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a Python dict literal of strings, {@code {'A': '…', "B": "…"}}, as Chinese SafetyQA stores options.
 * The published file has a value missing its opening quote ({@code 'B': 情绪能力'}): such a value is read up to
 * the next key or the closing brace, without its stray closing quote.
 */
final class PythonDict {

    static Map<String, String> parse(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        Cursor c = new Cursor(text.strip());
        c.expect('{');
        c.skipSpace();
        if (c.peek() == '}') {
            return result;
        }
        while (true) {
            c.skipSpace();
            String key = c.string();
            c.skipSpace();
            c.expect(':');
            c.skipSpace();
            result.put(key, c.peek() == '\'' || c.peek() == '"' ? c.string() : c.unquoted());
            c.skipSpace();
            char next = c.next();
            if (next == '}') {
                return result;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected ',' or '}' at " + (c.pos - 1));
            }
        }
    }

    private static final java.util.regex.Pattern NEXT_KEY =
            java.util.regex.Pattern.compile(",\\s*['\"][^'\"]{1,8}['\"]\\s*:");

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1));
            }
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        /** An unquoted value: up to the next {@code , 'X':} or the closing brace. */
        String unquoted() {
            java.util.regex.Matcher next = NEXT_KEY.matcher(s).region(pos, s.length());
            int end = next.find() ? next.start() : s.lastIndexOf('}');
            if (end < pos) {
                throw new IllegalArgumentException("unterminated value at " + pos);
            }
            String value = s.substring(pos, end).strip();
            pos = end;
            return value.endsWith("'") || value.endsWith("\"") ? value.substring(0, value.length() - 1) : value;
        }

        String string() {
            char quote = next();
            if (quote != '\'' && quote != '"') {
                throw new IllegalArgumentException("expected a quoted string at " + (pos - 1));
            }
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == quote) {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = next();
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    sb.append(c);
                }
            }
        }
    }

    private PythonDict() {
    }
}
