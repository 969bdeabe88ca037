package dev.offlinesync.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.offlinesync.HttpStatusException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an error answer into the exception the app sees, saying what happened and what to do. A message quotes
 * at most {@value #QUOTE_LIMIT} characters of the error text a server puts in {@code {"error": ...}} or
 * {@code {"message": ...}}, and nothing else of the body: bodies can carry item contents, and messages reach app
 * logs. The whole body stays available through {@link HttpStatusException#body()}. A URL is named by
 * {@link #url(String)}: without what may carry a token, a signature or a password.
 */
public final class StatusErrors {

    public static final int QUOTE_LIMIT = 40;
    /** The most characters of a URL a message names. */
    public static final int URL_LIMIT = 120;

    private static final System.Logger LOG = System.getLogger(StatusErrors.class.getName());

    private final ObjectMapper mapper;
    private final StatusMeaning meaning;

    public StatusErrors(ObjectMapper mapper, StatusMeaning meaning) {
        this.mapper = mapper;
        this.meaning = meaning;
    }

    /**
     * The exception for a final error answer after {@code retries} retries: the protocol's own when the status
     * means something particular there, else what every server means by it.
     */
    HttpStatusException of(String method, String path, int status, String body, HttpHeaders headers, int retries,
                           boolean refreshed) {
        HttpStatusException particular = meaning.exception(method, path, status, body, headers);
        if (particular != null) {
            return particular;
        }
        String what = method + " " + path;
        String after = retries == 0 ? "" : " after " + retries + (retries == 1 ? " retry" : " retries");
        String quoted = quote(body);
        if (status >= 300 && status < 400) {
            String location = headers.firstValue("Location").map(l -> " to " + url(l)).orElse("");
            return new HttpStatusException("The server answered " + status + " for " + what + ", a redirect" + location
                    + " that the client does not follow: check the service URI (https:// rather than http://, the"
                    + " host name and the path)", status, body);
        }
        if (status == 401 || status == 403) {
            String again = refreshed ? " even after the authenticator refreshed them" : "";
            return new HttpStatusException("The server refused the credentials (" + status + ") for " + what + again
                    + ": sign in again or refresh the token", status, body);
        }
        if (status == 429) {
            return new HttpStatusException("The server refused " + what + " because it received too many requests"
                    + " (429)" + after + quoted + ": wait a while before syncing again; queued changes are kept",
                    status, body);
        }
        if (status == 408) {
            return new HttpStatusException("The server gave up waiting for the request " + what + " (408)" + after
                    + quoted + ": the connection is slow or unstable; try again when it is better", status, body);
        }
        if (status >= 500) {
            return new HttpStatusException("The server answered " + status + " for " + what + after + quoted
                    + ": the server failed; try again later, and if it persists, look at the server's log", status,
                    body);
        }
        return new HttpStatusException("The server answered " + status + " for " + what + quoted + ": it refused the"
                + " request; see the exception's body() (logged at DEBUG) for the server's reasons", status, body);
    }

    /** The exception when the server asks to wait longer than the retry policy allows. */
    HttpStatusException retryLater(String method, String path, int status, String body, Duration wait,
                                   Instant until, Duration maxDelay) {
        String why = status == 429 ? "received too many requests (429)" : "is unavailable (503)";
        return new HttpStatusException("The server " + why + " for " + method + " " + path + quote(body)
                + " and asks to wait " + wait.toSeconds() + " s, longer than the retry policy's maximum delay of "
                + maxDelay.toSeconds() + " s: try again after " + until + " (or raise RetryPolicy.maxDelay to wait"
                + " that long); queued changes are kept", status, body);
    }

    /** {@code : "text"} with the server's error text, at most {@value #QUOTE_LIMIT} characters, or nothing. */
    public String quote(String body) {
        return quote(mapper, body);
    }

    /** {@code : "text"} with the server's error text, read with this mapper. */
    public static String quote(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = mapper.readTree(body);
            for (String field : new String[] {"error", "message"}) {
                if (node != null && node.path(field).isTextual() && !node.path(field).textValue().isBlank()) {
                    return ": \"" + shorten(node.path(field).textValue().strip(), QUOTE_LIMIT) + "\"";
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error body is not JSON", e);
        }
        return "";
    }

    /**
     * A URL as a message may name it: scheme, host, port and path (at most {@value #URL_LIMIT} characters), saying
     * what was left out. A query or fragment may carry a token or a shared access signature, and user info a
     * password; none of them helps the reader find the service.
     */
    public static String url(String url) {
        String kept = url;
        List<String> left = new ArrayList<>();
        int authority = kept.indexOf("://");
        int hostStart = authority < 0 ? 0 : authority + 3;
        int at = kept.indexOf('@', hostStart);
        int pathStart = firstOf(kept, hostStart, '/', '?', '#');
        if (authority >= 0 && at >= 0 && at < pathStart) {
            kept = kept.substring(0, hostStart) + kept.substring(at + 1);
            left.add("user info");
        }
        int query = kept.indexOf('?');
        int fragment = kept.indexOf('#');
        if (query >= 0 && (fragment < 0 || query < fragment)) {
            left.add("query");
        }
        if (fragment >= 0) {
            left.add("fragment");
        }
        int end = firstOf(kept, 0, '?', '#');
        kept = shorten(kept.substring(0, end), URL_LIMIT);
        if (left.isEmpty()) {
            return kept;
        }
        String what = left.size() == 1 ? left.get(0) : String.join(", ", left.subList(0, left.size() - 1))
                + " and " + left.get(left.size() - 1);
        return kept + " (its " + what + " left out)";
    }

    /** The index of the first of these characters from {@code from} on, or the text's length. */
    private static int firstOf(String text, int from, char... characters) {
        for (int i = from; i < text.length(); i++) {
            for (char c : characters) {
                if (text.charAt(i) == c) {
                    return i;
                }
            }
        }
        return text.length();
    }

    public static String shorten(String text, int limit) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= limit ? oneLine : oneLine.substring(0, limit) + "...";
    }

}
