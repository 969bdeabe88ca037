package dev.offlinesync.internal.http;

import dev.offlinesync.HttpStatusException;
import java.net.http.HttpHeaders;

/** What an error status means in the server's protocol; the transport itself knows only what every server means. */
@FunctionalInterface
public interface StatusMeaning {

    /**
     * The exception for a final error answer, or {@code null} when the status means nothing particular in this
     * protocol (the transport's general message is used then).
     */
    HttpStatusException exception(String method, String path, int status, String body, HttpHeaders headers);
}
