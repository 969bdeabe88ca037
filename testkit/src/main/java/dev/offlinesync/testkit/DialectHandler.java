package dev.offlinesync.testkit;

import dev.offlinesync.ProtocolDialect;

/**
 * The wire rules of one server family: which requests it admits, how it answers each route, and how it names
 * and renders rows. The HTTP plumbing (reading, recording, fault injection, writing) is shared in
 * {@link TableHttpHandler}; everything a dialect decides is behind this interface.
 */
interface DialectHandler {

    /**
     * A request path as the router sees it.
     *
     * @param rawPath   the path as sent (not decoded)
     * @param tablePath whether the path has the form {@code /tables/{table}} or {@code /tables/{table}/{id}}
     * @param tableName the decoded table segment, {@code null} when not a table path
     * @param table     the table, {@code null} when unknown or not a table path
     * @param id        the decoded item id, {@code null} for a table request
     */
    record Route(String rawPath, boolean tablePath, String tableName, FakeTable table, String id) {
    }

    /** The system column names and forms of rows in this dialect. */
    RowFormat rowFormat();

    /** The answer to a request under {@code /tables} (or any other path: {@code tablePath} false). */
    Reply answer(Route route, RecordedRequest request);

    static DialectHandler of(ProtocolDialect dialect, FakeTableService service) {
        return switch (dialect) {
            case MOBILE_APPS -> new MobileAppsHandler(service);
            case DATASYNC -> new DatasyncHandler(service);
            case MOBILE_SERVICES -> new MobileServicesHandler(service);
        };
    }
}
