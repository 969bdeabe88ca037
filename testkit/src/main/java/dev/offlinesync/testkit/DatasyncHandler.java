package dev.offlinesync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The CommunityToolkit Datasync server (protocol 3.0.0) with soft delete on: {@code PUT} full replace,
 * conditional requests, 410 for deleted items, 204 on delete, 409 with the server's entity on a duplicate
 * insert, errors without a body (or a JSON string for bad queries). {@code ZUMO-API-VERSION} is not checked,
 * as the server ignores it.
 */
final class DatasyncHandler implements DialectHandler {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final FakeTableService service;

    DatasyncHandler(FakeTableService service) {
        this.service = service;
    }

    @Override
    public RowFormat rowFormat() {
        return RowFormat.DATASYNC;
    }

    @Override
    public Reply answer(Route route, RecordedRequest request) {
        FakeTable table = route.table();
        if (table == null) {
            return Reply.status(404);
        }
        String method = request.method();
        if (route.id() == null) {
            return switch (method) {
                case "GET" -> DatasyncList.answer(table, request, service);
                case "POST" -> insert(table, route, request);
                default -> Reply.status(405);
            };
        }
        return switch (method) {
            case "GET" -> read(table, route.id(), request);
            case "PUT" -> replace(table, route.id(), request);
            case "DELETE" -> delete(table, route.id(), request);
            default -> Reply.status(405);
        };
    }

    private Reply read(FakeTable table, String id, RecordedRequest request) {
        synchronized (table) {
            FakeTable.Row row = table.row(id);
            if (row == null) {
                return Reply.status(404);
            }
            if (row.deleted() && !DatasyncList.includeDeleted(request)) {
                return Reply.status(410);
            }
            Reply failed = preconditions(table, row, request, true);
            return failed != null ? failed : entity(200, table, row);
        }
    }

    /** POST: the id is optional; an existing id (deleted or not) is a 409 with the stored entity. */
    private Reply insert(FakeTable table, Route route, RecordedRequest request) {
        if (!TableHttpHandler.isJson(request)) {
            return Reply.status(415);
        }
        ObjectNode body = objectBody(request);
        if (body == null) {
            return Reply.status(400);
        }
        JsonNode idNode = body.get("id");
        String id;
        if (idNode == null || idNode.isNull() || (idNode.isTextual() && idNode.asText().isEmpty())) {
            id = table.format().newId();
        } else if (idNode.isTextual()) {
            id = idNode.asText();
        } else {
            return Reply.status(400);
        }
        FakeTable.Row row;
        synchronized (table) {
            FakeTable.Row existing = table.row(id);
            if (existing != null) {
                return entity(409, table, existing);
            }
            ObjectNode fields = table.userFields(body, WireFormat.MAPPER.createObjectNode());
            row = table.write(null, id, fields, table.softDelete() && body.path("deleted").asBoolean(false),
                    service::now);
        }
        // The server writes the request's display URL and the id after it, a query string included.
        String host = request.header("Host") == null ? "127.0.0.1" : request.header("Host");
        String query = request.query().isEmpty() ? ""
                : "?" + String.join("&", request.query().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        return entity(201, table, row).withHeader("Location", "http://" + host + route.rawPath() + query + "/" + id);
    }

    /** PUT: replaces the whole item; {@code deleted} comes from the body, so this also undeletes. */
    private Reply replace(FakeTable table, String id, RecordedRequest request) {
        if (!TableHttpHandler.isJson(request)) {
            return Reply.status(415);
        }
        ObjectNode body = objectBody(request);
        if (body == null || !body.path("id").isTextual() || !body.get("id").asText().equals(id)) {
            return Reply.status(400);
        }
        synchronized (table) {
            FakeTable.Row row = table.row(id);
            if (row == null) {
                return Reply.status(404);
            }
            if (row.deleted() && !DatasyncList.includeDeleted(request)) {
                return Reply.status(410);
            }
            Reply failed = preconditions(table, row, request, false);
            if (failed != null) {
                return failed;
            }
            ObjectNode fields = table.userFields(body, WireFormat.MAPPER.createObjectNode());
            boolean deleted = table.softDelete() && body.path("deleted").asBoolean(false);
            return entity(200, table, table.write(row, id, fields, deleted, service::now));
        }
    }

    private Reply delete(FakeTable table, String id, RecordedRequest request) {
        synchronized (table) {
            FakeTable.Row row = table.row(id);
            if (row == null) {
                return Reply.status(404);
            }
            if (row.deleted()) {
                return Reply.status(410);
            }
            Reply failed = preconditions(table, row, request, false);
            if (failed != null) {
                return failed;
            }
            if (table.softDelete()) {
                table.write(row, id, row.fields(), true, service::now);
            } else {
                table.remove(id);
            }
            return Reply.status(204);
        }
    }

    /**
     * The server's conditional checks: an {@code If-Match} none of whose tags matches is a 412; an
     * {@code If-None-Match} with a matching tag is a 304 on a GET and a 412 otherwise. {@code null}: go ahead.
     */
    private static Reply preconditions(FakeTable table, FakeTable.Row row, RecordedRequest request, boolean get) {
        String ifMatch = request.header("If-Match");
        if (ifMatch != null && !anyTagMatches(ifMatch, row.version())) {
            return entity(412, table, row);
        }
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null && anyTagMatches(ifNoneMatch, row.version())) {
            return get ? Reply.status(304).withEtag(WireFormat.strongEtag(row.version())) : entity(412, table, row);
        }
        return null;
    }

    /** A tag matches when it is strong (weak ones never do) and is {@code *} or the quoted version. */
    private static boolean anyTagMatches(String header, String version) {
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.equals("*") || tag.equals(WireFormat.strongEtag(version))) {
                return true;
            }
        }
        return false;
    }

    /** An entity answer: the item with its {@code ETag} and {@code Last-Modified} (RFC 1123, whole seconds). */
    private static Reply entity(int status, FakeTable table, FakeTable.Row row) {
        return Reply.entity(status, table.json(row)).withEtag(WireFormat.strongEtag(row.version()))
                .withHeader("Last-Modified", HTTP_DATE.format(row.updatedAt()));
    }

    /** The body as a JSON object, or {@code null} when it is not one (malformed, {@code null}, an array). */
    private static ObjectNode objectBody(RecordedRequest request) {
        try {
            return WireFormat.MAPPER.readTree(request.body()) instanceof ObjectNode item ? item : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
