package dev.capstan.tracking.search;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order clause into tokens: words (keys may contain dots and backticked or double-quoted
 * parts), single- or double-quoted strings (a doubled quote or a backslash escapes), numbers, comparison
 * operators, parentheses and commas.
 */
final class Tokenizer {

    private final String text;
    private int pos;

    Tokenizer(String text) {
        this.text = text;
    }

    List<Token> tokens() {
        List<Token> tokens = new ArrayList<>();
        while (skipSpaces()) {
            tokens.add(next());
        }
        return tokens;
    }

    private boolean skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos < text.length();
    }

    private Token next() {
        int start = pos;
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            return new Token(Token.Kind.LPAREN, "(", start);
        }
        if (c == ')') {
            pos++;
            return new Token(Token.Kind.RPAREN, ")", start);
        }
        if (c == ',') {
            pos++;
            return new Token(Token.Kind.COMMA, ",", start);
        }
        if (c == '\'') {
            return new Token(Token.Kind.STRING, quoted('\''), start);
        }
        if (c == '"') {
            return new Token(Token.Kind.STRING, quoted('"'), start);
        }
        if ("=!<>".indexOf(c) >= 0) {
            return new Token(Token.Kind.OPERATOR, operator(), start);
        }
        if (c == '-' || c == '+' || Character.isDigit(c) || (c == '.' && peekDigit())) {
            return number(start);
        }
        if (isWordChar(c) || c == '`') {
            return word(start);
        }
        throw CapstanException.invalid("Invalid character '%s' at position %d of '%s'", c, start, text);
    }

    private boolean peekDigit() {
        return pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1));
    }

    private String quoted(char quote) {
        int start = pos;
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                out.append(text.charAt(pos++));
            } else if (c == quote && pos < text.length() && text.charAt(pos) == quote) {
                out.append(quote);
                pos++;
            } else if (c == quote) {
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw CapstanException.invalid("Unterminated %s-quoted string starting at position %d of '%s'",
                quote == '\'' ? "single" : "double", start, text);
    }

    private String operator() {
        for (String op : new String[] {"!=", "<>", ">=", "<=", "==", "=", "<", ">"}) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op.equals("<>") ? "!=" : op.equals("==") ? "=" : op;
            }
        }
        throw CapstanException.invalid("Invalid operator at position %d of '%s'", pos, text);
    }

    private Token number(int start) {
        pos++;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || ".+-".indexOf(text.charAt(pos)) >= 0
                && (text.charAt(pos) == '.' || Character.toLowerCase(text.charAt(pos - 1)) == 'e'))) {
            pos++;
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, pos), start);
    }

    /** A key: word characters and dots, with backticked or double-quoted segments kept verbatim. */
    private Token word(int start) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '`') {
                int close = text.indexOf('`', pos + 1);
                if (close < 0) {
                    throw CapstanException.invalid("Unterminated backtick at position %d of '%s'", pos, text);
                }
                out.append(text, pos + 1, close);
                pos = close + 1;
                quoted = true;
            } else if (c == '"' && out.length() > 0 && out.charAt(out.length() - 1) == '.') {
                out.append(quoted('"'));
                quoted = true;
            } else if (isWordChar(c) || c == '.') {
                out.append(c);
                pos++;
            } else {
                break;
            }
        }
        return new Token(quoted ? Token.Kind.QUOTED_KEY : Token.Kind.WORD, out.toString(), start);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
