package dev.offlinesync.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.offlinesync.Authenticator;
import dev.offlinesync.HttpStatusException;
import dev.offlinesync.ProtocolException;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncEventListener;
import dev.offlinesync.SyncException;
import dev.offlinesync.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * The transport to one table service: sends the requests a protocol builds, with the protocol's fixed headers,
 * authentication, retries with backoff and {@code Retry-After}, and guards on every answer body (size, pauses,
 * overall deadline). It knows no table protocol: what an error status means is asked of a {@link StatusMeaning}.
 * Thread-safe.
 */
public final class TableClient {

    private static final System.Logger LOG = System.getLogger(TableClient.class.getName());
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final HttpSettings settings;
    private final Map<String, String> fixedHeaders;
    private final ObjectMapper mapper;
    private final HttpClient http;
    /** When a request of this client was last given up (its exchange cancelled, its connection closed). */
    private final HeaderWait.GiveUps giveUps = new HeaderWait.GiveUps();
    private final StatusErrors errors;
    private final SyncEventListener events;

    /**
     * A client that sends {@code fixedHeaders} (the protocol's version header, application key) with every request
     * and reports each request attempt to {@code events}.
     */
    public TableClient(HttpSettings settings, Map<String, String> fixedHeaders, StatusMeaning meaning,
                       ObjectMapper mapper, SyncEventListener events) {
        this.events = events;
        this.settings = settings;
        this.fixedHeaders = Map.copyOf(fixedHeaders);
        this.mapper = mapper;
        this.http = settings.client();
        this.errors = new StatusErrors(mapper, meaning);
    }

    /** The error texts' quoting, for protocols that word their own status messages. */
    public StatusErrors errors() {
        return errors;
    }

    /** Reads a successful answer's body as a stream. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream body, HttpHeaders headers) throws IOException;
    }

    /** A successful answer, read whole. */
    public record Response(int status, HttpHeaders headers, byte[] body) {
    }

    /**
     * Sends the call and reads a successful answer as a stream; {@code tooLargeAdvice} ends the message when the
     * answer is larger than allowed.
     */
    public <T> T read(HttpCall call, BodyReader<T> reader, String tooLargeAdvice) {
        String what = call.what();
        HttpResponse<InputStream> response = exchange(call);
        try (InputStream body = guard(response)) {
            return reader.read(body, response.headers());
        } catch (GuardedInputStream.Stalled e) {
            throw stalled(what, e);
        } catch (GuardedInputStream.DeadlineExceeded e) {
            throw late(what, e);
        } catch (GuardedInputStream.TooLarge e) {
            throw new ProtocolException("The server's answer to " + what + " is larger than "
                    + settings.maxResponseBytes() + " bytes" + tooLargeAdvice, e);
        } catch (JsonProcessingException e) {
            // The parser's own message can quote the offending text, which may be item contents: say where only.
            String where = e.getLocation() == null ? ""
                    : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ProtocolException("The server's answer to " + what + " is not valid JSON" + where
                    + ": nothing of it was applied; check the service URI and that it is a table service", e);
        } catch (IOException e) {
            throw new TransportException("The connection failed while reading the answer to " + what
                    + ": nothing of it was applied; pull again to resume", e);
        }
    }

    /** Sends the call; a successful answer, read whole. */
    public Response send(HttpCall call) {
        String what = call.method() + " " + call.path();
        HttpResponse<InputStream> response = exchange(call);
        try (InputStream in = guard(response)) {
            return new Response(response.statusCode(), response.headers(), in.readAllBytes());
        } catch (GuardedInputStream.Stalled e) {
            throw stalled(what, e);
        } catch (GuardedInputStream.DeadlineExceeded e) {
            throw late(what, e);
        } catch (GuardedInputStream.TooLarge e) {
            throw new ProtocolException("The server's answer to " + what + " is larger than "
                    + settings.maxResponseBytes() + " bytes (maxResponseBytes): nothing of it was applied; raise"
                    + " maxResponseBytes if the server's items are that large, else check the service URI", e);
        } catch (IOException e) {
            throw new TransportException("The connection failed while reading the answer to " + what
                    + ": try again when the network is back", e);
        }
    }

    private InputStream guard(HttpResponse<InputStream> response) {
        return new GuardedInputStream(response.body(), settings.maxResponseBytes(), settings.requestTimeout(),
                settings.responseDeadline());
    }

    private TransportException stalled(String what, GuardedInputStream.Stalled e) {
        return new TransportException("The answer to " + what + " stopped arriving for longer than the request"
                + " timeout (" + settings.requestTimeout() + "): nothing of it was applied; try again", e);
    }

    private TransportException late(String what, GuardedInputStream.DeadlineExceeded e) {
        return new TransportException("The answer to " + what + " was still arriving when the response deadline ("
                + settings.responseDeadline() + ") passed, so it was cut: nothing of it was applied; try again on a"
                + " better connection, pull smaller pages, or raise responseDeadline", e);
    }

    /**
     * Sends with retries; returns a 2xx response whose body is still to be read, or throws. Each attempt builds
     * the request anew, so the token suppliers are asked again (a token may have been refreshed meanwhile).
     */
    private HttpResponse<InputStream> exchange(HttpCall call) {
        String method = call.method();
        String path = call.path();
        String version = call.ifMatch();
        String what = method + " " + path;
        URI uri = uri(path, call.parameters());
        byte[] bytes = call.body() == null ? null : json(call.body());
        RetryPolicy policy = settings.retryPolicy();
        Map<String, String> refreshedHeaders = Map.of();
        boolean askedAuthenticator = false;
        boolean refreshed = false;
        RequestEvents attempts = new RequestEvents(events, method, path, bytes);
        boolean sentAgainAfterGiveUp = false;
        for (int retry = 0; ; retry++) {
            boolean last = retry >= policy.maxRetries();
            HttpResponse<InputStream> response;
            attempts.start();
            long attemptStarted = System.nanoTime();
            HeaderWait wait = new HeaderWait(settings, giveUps);
            try {
                response = wait.send(http, request(method, uri, bytes, version, refreshedHeaders));
                attempts.answered(response);
            } catch (HttpTimeoutException e) {
                attempts.failed();
                if (last) {
                    throw new TransportException("No answer to " + what + " within " + settings.requestTimeout()
                            + retries(retry) + ": try again later, or raise requestTimeout", e);
                }
                attempts.pause(RequestEvents.jittered(policy, retry), what, e.toString());
                continue;
            } catch (IOException e) {
                attempts.failed();
                if (!sentAgainAfterGiveUp && giveUps.near(attemptStarted)) {
                    // Another request was given up meanwhile or just before: the JDK client's cancel of it closes its
                    // connection, which may have been this one's (an answer that arrived as the time ran out hands its
                    // connection on). The failure is this client's own, so the request goes again once, at once,
                    // outside the policy; it is as safe to repeat as any retry (a push recognises its earlier bodies).
                    sentAgainAfterGiveUp = true;
                    retry--;
                    continue;
                }
                if (last) {
                    throw new TransportException("Cannot reach " + StatusErrors.url(settings.baseUri().toString())
                            + " for " + what + retries(retry) + " (" + e + "): check the network and the service URI;"
                            + " queued changes are kept", e);
                }
                attempts.pause(RequestEvents.jittered(policy, retry), what, e.toString());
                continue;
            } catch (InterruptedException e) {
                attempts.failed();
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while waiting for " + what + " (the sync was cancelled or"
                        + " the client is closing): the request may have reached the server; sync again; queued"
                        + " changes are kept", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            String errorBody = readError(response, what);
            if (status == 401 && !askedAuthenticator) {
                askedAuthenticator = true;
                Map<String, String> headers = authenticate(method, path, errorBody, response);
                if (headers != null) {
                    refreshed = true;
                    refreshedHeaders = headers;
                    retry--; // the retry after a refresh is not one of the policy's retries
                    continue;
                }
            }
            if (status >= 500 || status == 429 || status == 408) {
                Optional<Duration> asked = status == 429 || status == 503
                        ? RetryAfter.of(response.headers(), Instant.now()) : Optional.empty();
                if (asked.isPresent() && asked.get().compareTo(policy.maxDelay()) > 0) {
                    throw errors.retryLater(method, path, status, errorBody, asked.get(),
                            Instant.now().plus(asked.get()).truncatedTo(ChronoUnit.SECONDS), policy.maxDelay());
                }
                if (!last) {
                    attempts.pause(asked.isPresent() ? asked.get() : RequestEvents.jittered(policy, retry), what,
                            "status " + status);
                    continue;
                }
            }
            throw errors.of(method, path, status, errorBody, response.headers(), retry, refreshed);
        }
    }

    private Map<String, String> authenticate(String method, String path, String errorBody,
                                             HttpResponse<InputStream> response) {
        Authenticator.Challenge challenge = new Authenticator.Challenge(401, method, path,
                response.headers().firstValue("WWW-Authenticate").orElse(""));
        LOG.log(System.Logger.Level.DEBUG, "401 for {0} {1}; asking the authenticator to refresh", method, path);
        try {
            Map<String, String> headers = settings.authenticator().authenticate(challenge);
            return headers == null ? null : Map.copyOf(headers);
        } catch (RuntimeException e) {
            HttpStatusException failure = new HttpStatusException("The server refused the credentials (401) for "
                    + method + " " + path + " and the authenticator failed to refresh them (" + e.getClass().getName()
                    + "): sign in again", 401, errorBody);
            failure.initCause(e);
            throw failure;
        }
    }

    private static String retries(int retries) {
        return retries == 0 ? "" : " (after " + retries + (retries == 1 ? " retry)" : " retries)");
    }

    private String readError(HttpResponse<InputStream> response, String what) {
        String text;
        try (InputStream in = new GuardedInputStream(response.body(), Long.MAX_VALUE, settings.requestTimeout(),
                settings.responseDeadline())) {
            text = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "the error body of the answer to " + what + " is unreadable", e);
            return "(body unreadable: " + e.getMessage() + ")";
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} answered {1}: {2}", what, response.statusCode(), text);
        return text;
    }

    private URI uri(String path, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(settings.baseUri().toString()).append(path);
        if (parameters != null && !parameters.isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            parameters.forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
            uri.append(query);
        }
        return URI.create(uri.toString());
    }

    private byte[] json(ObjectNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("Cannot write the item as JSON (" + e.getOriginalMessage() + "): nothing"
                    + " was sent; fix the item's values", e);
        }
    }

    private HttpRequest request(String method, URI uri, byte[] body, String version, Map<String, String> refreshed) {
        // no timeout(...): the JDK client would wake its selector thread for each request's timer; the request
        // timeout is kept by HeaderWait instead
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json");
        if (settings.cleartext()) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        fixedHeaders.forEach((name, value) -> setHeader(builder, name, value, "the builder's settings"));
        settings.headers().forEach((name, value) -> setHeader(builder, name, value, "the builder's header(...)"));
        token(settings.zumoToken()).ifPresent(t -> setHeader(builder, "X-ZUMO-AUTH", t, "the zumoAuthToken supplier"));
        token(settings.bearerToken()).ifPresent(t -> setHeader(builder, "Authorization", "Bearer " + t,
                "the bearerToken supplier"));
        refreshed.forEach((name, value) -> setHeader(builder, name, value, "the authenticator"));
        if (version != null) {
            builder.header("If-Match", "\"" + version + "\"");
        }
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    /**
     * Sets a header, or says which one cannot be sent. The JDK's refusal quotes the value, which may be a token or
     * key, so neither its message nor the exception carrying it goes into ours.
     */
    private static void setHeader(HttpRequest.Builder builder, String name, String value, String source) {
        try {
            builder.setHeader(name, value);
        } catch (IllegalArgumentException refused) {
            throw new SyncException("The header " + name + " from " + source + " cannot be sent: its name or value"
                    + " holds a character HTTP does not allow (a line break or control character?). Check what "
                    + source + " returns");
        }
    }

    private static Optional<String> token(Supplier<String> supplier) {
        if (supplier == null) {
            return Optional.empty();
        }
        String token = supplier.get();
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token);
    }

    /** Percent-encoding for a path segment or a query parameter (a space as {@code %20}). */
    public static String encode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!keptAsIs(text.charAt(i))) {
                return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return text; // what the encoder leaves as it is, without its copy: most names, numbers, ids and flags
    }

    /** The characters the URL encoder writes as themselves. */
    private static boolean keptAsIs(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.' || c == '*';
    }
}
