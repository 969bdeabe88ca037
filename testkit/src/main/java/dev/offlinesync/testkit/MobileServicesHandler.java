package dev.offlinesync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 2014 Mobile Services Node runtime: application key, no version header, {@code __}-prefixed system columns
 * sent only when asked for, {@code PATCH} answers that carry the sent fields, 204 on delete, undelete by
 * {@code POST /tables/T/id} without a body, {@code {"code", "error"}} error bodies.
 */
final class MobileServicesHandler implements DialectHandler {

    private static final Pattern BAD_ID = Pattern.compile("[\\x00-\\x1f\\x7f\"+?\\\\/`]|^\\.{1,2}$");
    private static final Set<String> ITEM_ONLY_OPTIONS = Set.of("$orderby", "$inlinecount", "$skip", "$top");

    private final FakeTableService service;

    MobileServicesHandler(FakeTableService service) {
        this.service = service;
    }

    @Override
    public RowFormat rowFormat() {
        return RowFormat.MOBILE_SERVICES;
    }

    @Override
    public Reply answer(Route route, RecordedRequest request) {
        Reply reply = route(route, request);
        return reply.withHeader("x-zumo-server-version", "nodev1-1.0.1").withHeader("Cache-Control", "no-cache");
    }

    private Reply route(Route route, RecordedRequest request) {
        String method = request.method();
        if (!route.tablePath()) {
            return Reply.notFoundPage(method, route.rawPath());
        }
        if (request.header("ZUMO-API-VERSION") != null
                || TableHttpHandler.queryIgnoringCase(request.query(), "ZUMO-API-VERSION") != null) {
            return Reply.text(400, "This version (1.0.1) of the server does not support the use of the"
                    + " zumo-api-version in the request.");
        }
        if (!service.applicationKey().equals(request.header("X-ZUMO-APPLICATION"))) {
            return MobileServicesList.error(401, "Unauthorized");
        }
        FakeTable table = route.table();
        if (table == null) {
            return MobileServicesList.error(404, "Table '" + route.tableName() + "' does not exist.");
        }
        Set<String> system;
        try {
            MobileServicesList.checkParameterNames(request);
            system = MobileServicesList.systemProperties(request);
        } catch (MobileServicesList.BadRequest e) {
            return MobileServicesList.error(400, e.getMessage());
        }
        String id = route.id();
        try {
            if (id == null) {
                return switch (method) {
                    case "GET" -> MobileServicesList.answer(table, request, system, service);
                    case "POST" -> insert(table, route, request, system);
                    default -> Reply.status(405).withHeader("Allow", "GET, POST");
                };
            }
            return switch (method) {
                case "GET" -> read(table, id, request, system);
                case "POST" -> undelete(table, id, request, system);
                case "PATCH" -> update(table, id, request, system);
                case "DELETE" -> delete(table, id, request);
                default -> Reply.status(405).withHeader("Allow", "GET, POST, PATCH, DELETE");
            };
        } catch (MobileServicesList.BadRequest e) {
            return MobileServicesList.error(400, e.getMessage());
        }
    }

    private Reply read(FakeTable table, String id, RecordedRequest request, Set<String> system) {
        for (String option : ITEM_ONLY_OPTIONS) {
            if (request.query().containsKey(option)) {
                throw new MobileServicesList.BadRequest("The query option '" + option + "' is not supported on a"
                        + " request for a single item.");
            }
        }
        FakeTable.Row row = table.row(id);
        if (row == null || (row.deleted() && !MobileServicesList.includeDeleted(request))) {
            return notFound(id);
        }
        ObjectNode item = MobileServicesList.withSystem(table.json(row), table, system, Set.of());
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null && item.has("__version")) {
            for (String tag : ifNoneMatch.split(",")) {
                if (tag.trim().equals("*") || tag.trim().equals(WireFormat.strongEtag(row.version()))) {
                    return Reply.status(304).withEtag(WireFormat.strongEtag(row.version()));
                }
            }
        }
        return json(200, item);
    }

    /** POST: 201 with the sent item, its id and the asked system columns; a taken id is a 409. */
    private Reply insert(FakeTable table, Route route, RecordedRequest request, Set<String> system) {
        ObjectNode body = body(request);
        JsonNode idNode = body.get("id");
        String id = idNode == null || idNode.isNull() ? table.format().newId() : checkedId(idNode);
        FakeTable.Row row;
        synchronized (table) {
            if (table.row(id) != null) {
                return MobileServicesList.error(409, "Could not insert the item because an item with that id"
                        + " already exists.");
            }
            ObjectNode fields = table.userFields(body, WireFormat.MAPPER.createObjectNode());
            row = table.write(null, id, fields, false, service::now);
        }
        ObjectNode answer = body.deepCopy();
        answer.put("id", id);
        addSystem(answer, table.json(row), system);
        String host = request.header("Host") == null ? "127.0.0.1" : request.header("Host");
        return json(201, answer).withHeader("Location", "https://" + host + "/tables/" + route.tableName() + "/" + id);
    }

    /**
     * PATCH: merges the sent fields; answers them with the id and the asked system columns, and the new
     * version whenever one was sent. A deleted row is 404 with its current version, else 412.
     */
    private Reply update(FakeTable table, String id, RecordedRequest request, Set<String> system) {
        String expected = ifMatch(request);
        ObjectNode body = body(request);
        JsonNode bodyId = body.get("id");
        if (bodyId != null && !bodyId.isNull() && !checkedId(bodyId).equals(id)) {
            throw new MobileServicesList.BadRequest("The id in the request body does not match the id in the URL.");
        }
        FakeTable.Row updated;
        synchronized (table) {
            FakeTable.Row row = table.row(id);
            if (row == null) {
                return notFound(id);
            }
            if (row.deleted()) {
                return row.version().equals(expected) ? notFound(id) : preconditionFailed(table, row);
            }
            if (expected != null && !expected.equals(row.version())) {
                return preconditionFailed(table, row);
            }
            ObjectNode fields = table.userFields(body, row.fields().deepCopy());
            updated = table.write(row, id, fields, false, service::now);
        }
        ObjectNode answer = body.deepCopy();
        answer.put("id", id);
        addSystem(answer, table.json(updated), system);
        if (expected != null) {
            answer.put("__version", updated.version());
        }
        return json(200, answer);
    }

    private Reply delete(FakeTable table, String id, RecordedRequest request) {
        String expected = ifMatch(request);
        synchronized (table) {
            FakeTable.Row row = table.row(id);
            if (row == null) {
                return notFound(id);
            }
            if (expected != null && !expected.equals(row.version())) {
                return preconditionFailed(table, row);
            }
            if (row.deleted()) {
                return notFound(id);
            }
            if (table.softDelete()) {
                table.write(row, id, row.fields(), true, service::now);
            } else {
                table.remove(id);
            }
            return Reply.status(204);
        }
    }

    /** POST /tables/T/id without a body: clears the deleted flag (of a live row too) and answers 200. */
    private Reply undelete(FakeTable table, String id, RecordedRequest request, Set<String> system) {
        if (!request.body().isBlank()) {
            throw new MobileServicesList.BadRequest("An undelete request must not have content.");
        }
        if (!table.softDelete()) {
            throw new MobileServicesList.BadRequest("The undelete operation is not supported on this table.");
        }
        String expected = ifMatch(request);
        FakeTable.Row undeleted;
        synchronized (table) {
            FakeTable.Row row = table.row(id);
            if (row == null) {
                return notFound(id);
            }
            if (expected != null && !expected.equals(row.version())) {
                return preconditionFailed(table, row);
            }
            undeleted = table.write(row, id, row.fields(), false, service::now);
        }
        ObjectNode answer = WireFormat.MAPPER.createObjectNode();
        answer.put("id", id);
        answer.put("__deleted", false);
        addSystem(answer, table.json(undeleted), system);
        return json(200, answer);
    }

    /**
     * The version of {@code If-Match}: one double-quoted tag; {@code *} or no header means no precondition
     * ({@code null}); anything else is a 400.
     */
    private static String ifMatch(RecordedRequest request) {
        String header = request.header("If-Match");
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String value = header.trim();
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw new MobileServicesList.BadRequest("Invalid 'if-match' header.");
        }
        if (value.substring(1, value.length() - 1).contains("\"")) {
            throw new MobileServicesList.BadRequest("Only single etag 'if-match' headers are supported.");
        }
        return value.substring(1, value.length() - 1);
    }

    /** The request body as an item: a JSON object without {@code __} properties or a mis-cased id. */
    private static ObjectNode body(RecordedRequest request) {
        if (request.body().isBlank()) {
            return WireFormat.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = WireFormat.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw new MobileServicesList.BadRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode item)) {
            throw new MobileServicesList.BadRequest("The body of the request must be a JSON object.");
        }
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("__")) {
                throw new MobileServicesList.BadRequest("The property '" + name + "' can not be set. Properties"
                        + " that begin with a '__' are considered system properties.");
            }
            if (name.equalsIgnoreCase("id") && !name.equals("id")) {
                throw new MobileServicesList.BadRequest("The item cannot have an '" + name + "' property; the id"
                        + " property is 'id'.");
            }
        }
        return item;
    }

    private static String checkedId(JsonNode idNode) {
        if (!idNode.isTextual() || idNode.asText().isEmpty() || BAD_ID.matcher(idNode.asText()).find()) {
            throw new MobileServicesList.BadRequest("The value specified for 'id' is not a valid id: " + idNode);
        }
        return idNode.asText();
    }

    private static void addSystem(ObjectNode answer, ObjectNode row, Set<String> system) {
        for (String name : system) {
            if (row.has(name)) {
                answer.set(name, row.get(name));
            }
        }
    }

    private static Reply preconditionFailed(FakeTable table, FakeTable.Row row) {
        return json(412, MobileServicesList.withSystem(table.json(row), table, RowFormat.MOBILE_SERVICES.systemNames(),
                Set.of()));
    }

    private static Reply notFound(String id) {
        return MobileServicesList.error(404, "An item with id '" + id + "' does not exist.");
    }

    /** A JSON object answer, with {@code ETag: "<__version>"} when it carries one. */
    private static Reply json(int status, ObjectNode body) {
        Reply reply = Reply.entity(status, body);
        JsonNode version = body.path("__version");
        return version.isTextual() ? reply.withEtag(WireFormat.strongEtag(version.asText())) : reply;
    }
}
