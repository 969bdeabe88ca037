package dev.offlinesync.internal.http;

import dev.offlinesync.ProtocolDialect;
import dev.offlinesync.internal.json.Dates;
import java.time.Instant;
import java.util.Set;

/** What differs on the wire between table protocols. */
public record WireDialect(String apiVersion, String updateMethod, int deletedStatus, int maxTop,
                          String includeDeletedParameter, Set<String> readOnlySystemColumns) {

    /** Azure Mobile Apps 2.0.0. */
    public static final WireDialect MOBILE_APPS = new WireDialect("2.0.0", "PATCH", 404, 1000,
            "__includeDeleted", Set.of("createdAt", "updatedAt", "deleted", "version"));

    public static WireDialect of(ProtocolDialect dialect) {
        return switch (dialect) {
            case MOBILE_APPS -> MOBILE_APPS;
            case DATASYNC, MOBILE_SERVICES -> throw new IllegalArgumentException("The " + dialect
                    + " dialect is not implemented by this client yet; use ProtocolDialect.MOBILE_APPS");
        };
    }

    /** The OData literal of a date. */
    public String dateLiteral(Instant instant) {
        return "datetimeoffset'" + Dates.format(instant) + "'";
    }
}
