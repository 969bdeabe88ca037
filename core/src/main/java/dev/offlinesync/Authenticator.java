package dev.offlinesync;

import java.util.Map;

/**
 * Refreshes credentials when the server answers 401 (Unauthorized). The client calls it at most once per request;
 * when it returns headers (possibly none), the request is sent once more, built anew: the token suppliers are
 * asked again and the returned headers are added, replacing same-named ones, for that one retry. A second 401
 * fails the request with an {@link HttpStatusException} (status 401). Returning {@code null} gives up at once.
 *
 * <pre>{@code
 * AtomicReference<String> token = new AtomicReference<>(signIn());
 * SyncClient.builder(uri)
 *         .bearerToken(token::get)
 *         .authenticator(challenge -> {
 *             token.set(refresh());      // later requests use the new token too
 *             return Map.of();           // retry with what the supplier now returns
 *         });
 * }</pre>
 *
 * Called on the thread sending the request, possibly from several threads at once (a push and a pull): make it
 * thread-safe. An exception it throws fails the request as a 401 with the exception as the cause.
 */
@FunctionalInterface
public interface Authenticator {

    /** Never refreshes: a 401 fails the request at once. The default. */
    Authenticator NONE = challenge -> null;

    /**
     * What the server refused.
     *
     * @param status          the status (401)
     * @param method          the request method, e.g. {@code POST}
     * @param path            the request path below the service URI, e.g. {@code tables/TodoItem}
     * @param wwwAuthenticate the {@code WWW-Authenticate} header of the answer, or empty
     */
    record Challenge(int status, String method, String path, String wwwAuthenticate) {
    }

    /**
     * Refreshes the credentials after a 401.
     *
     * @param challenge what the server answered: its status and authentication challenge
     * @return headers to send with the one retry (empty to rely on the refreshed token suppliers), or {@code null}
     *         to give up without retrying
     */
    Map<String, String> authenticate(Challenge challenge);
}
