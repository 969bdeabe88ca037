package dev.offlinesync.testkit;

import dev.offlinesync.testkit.ODataFilterParser.SyntaxException;
import dev.offlinesync.testkit.ODataFilterParser.Token;
import dev.offlinesync.testkit.ODataFilterParser.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an OData filter into tokens for {@link ODataFilterParser}: v3 (typed literals such as
 * {@code datetimeoffset'...'}) or v4 (bare date-times and {@code cast(<date-time>,Edm.DateTimeOffset)}, where the
 * v3 typed literals are errors). One instance per filter.
 */
final class ODataTokenizer {

    private static final String DATE_TIME =
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,7})?)?(?:Z|[+-]\\d{2}:\\d{2})";
    private static final Pattern BARE_DATE_TIME = Pattern.compile(DATE_TIME);
    private static final Pattern CAST_DATE_TIME =
            Pattern.compile("cast\\(\\s*(" + DATE_TIME + ")\\s*,\\s*Edm\\.DateTimeOffset\\s*\\)");

    private final String text;
    private final boolean v4;
    private int pos;

    ODataTokenizer(String text, boolean v4) {
        this.text = Objects.requireNonNull(text, "filter");
        this.v4 = v4;
    }

    /** All tokens, ending with an {@link Kind#END} token whose position is the length of the text. */
    List<Token> tokenize() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                tokens.add(new Token(Kind.END, "", null, pos));
                return tokens;
            }
            tokens.add(nextToken());
        }
    }

    private Token nextToken() {
        int start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                return new Token(Kind.LPAREN, "(", null, start);
            }
            case ')' -> {
                pos++;
                return new Token(Kind.RPAREN, ")", null, start);
            }
            case ',' -> {
                pos++;
                return new Token(Kind.COMMA, ",", null, start);
            }
            case '\'' -> {
                String value = quoted();
                return new Token(Kind.STRING, text.substring(start, pos), value, start);
            }
            default -> {
                if (v4 && isDigit(c)) {
                    Matcher date = BARE_DATE_TIME.matcher(text).region(pos, text.length());
                    if (date.lookingAt()) {
                        pos = date.end();
                        return dateToken(start, date.group());
                    }
                }
                if (isDigit(c) || (c == '-' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
                    return number();
                }
                if (v4 && c == 'c') {
                    Matcher cast = CAST_DATE_TIME.matcher(text).region(pos, text.length());
                    if (cast.lookingAt()) {
                        pos = cast.end();
                        return dateToken(start, cast.group(1));
                    }
                }
                if (Character.isLetter(c) || c == '_') {
                    return wordOrTypedLiteral();
                }
                throw new SyntaxException("Syntax error '" + c + "'", start);
            }
        }
    }

    private Token wordOrTypedLiteral() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (pos < text.length() && text.charAt(pos) == '\'') {
            if (v4) {
                throw new SyntaxException("Typed literal '" + word + "'...' is OData v3; OData v4 writes dates bare"
                        + " or as cast(<date>,Edm.DateTimeOffset)", start);
            }
            String body = quoted();
            return switch (word) {
                case "datetime", "datetimeoffset" ->
                        new Token(Kind.DATE, text.substring(start, pos), ODataFilterParser.parseDate(body, start),
                                start);
                case "guid" -> new Token(Kind.STRING, text.substring(start, pos), body, start);
                default -> throw new SyntaxException("Unsupported literal type '" + word + "'", start);
            };
        }
        return new Token(Kind.WORD, word, null, start);
    }

    private Token dateToken(int start, String literal) {
        return new Token(Kind.DATE, text.substring(start, pos), ODataFilterParser.parseDate(literal, start), start);
    }

    /** Reads a quoted literal at {@code pos} ({@code ''} is one quote) and returns its value. */
    private String quoted() {
        int start = pos;
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != '\'') {
                value.append(c);
            } else if (pos < text.length() && text.charAt(pos) == '\'') {
                value.append('\'');
                pos++;
            } else {
                return value.toString();
            }
        }
        throw new SyntaxException("Unterminated string literal", start);
    }

    private Token number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        digits();
        boolean decimal = false;
        if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
            pos++;
            digits();
            decimal = true;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                digits();
                decimal = true;
            } else {
                pos = mark;
            }
        }
        String literal = text.substring(start, pos);
        boolean fraction = decimal;
        boolean forceLong = false;
        if (pos < text.length() && "LlDdMmFf".indexOf(text.charAt(pos)) >= 0) {
            char suffix = Character.toLowerCase(text.charAt(pos++));
            forceLong = suffix == 'l';
            decimal = !forceLong;
        }
        if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            throw new SyntaxException("Syntax error in number '" + text.substring(start, pos + 1) + "'", start);
        }
        String tokenText = text.substring(start, pos);
        if (fraction && forceLong) {
            throw new SyntaxException("Invalid integer '" + tokenText + "'", start);
        }
        try {
            Object value = decimal ? (Object) Double.valueOf(literal) : (Object) Long.valueOf(literal);
            return new Token(Kind.NUMBER, tokenText, value, start);
        } catch (NumberFormatException e) {
            SyntaxException error = new SyntaxException("Number out of range '" + tokenText + "'", start);
            error.initCause(e);
            throw error;
        }
    }

    private void digits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
