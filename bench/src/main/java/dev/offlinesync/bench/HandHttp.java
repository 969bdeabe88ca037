package dev.offlinesync.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-written sync loops the library is measured against: {@code java.net.http}, Jackson's streaming
 * parser straight into rows, the same keyset requests as the library's pull (filter on the (updatedAt, id)
 * cursor, {@code $orderby=updatedAt,id}, {@code $top}, {@code __includeDeleted}), and sequential POSTs for a
 * push. What it leaves out is what a library is for: validation of the server's answers, conflict handling,
 * retries, events, change notification, pending-change protection.
 */
final class HandHttp {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonFactory json = new JsonFactory();
    private final URI base;

    HandHttp(URI base) {
        this.base = base;
    }

    /** Pulls every row after the saved cursor into the database, a page per transaction; the rows received. */
    long pull(String table, HandSql db, int pageSize) throws IOException, InterruptedException, SQLException {
        String cursorId = "deltaToken|" + table + "|bench";
        String cursor = db.cursor(cursorId);
        long received = 0;
        while (true) {
            List<HandSql.Row> rows = page(table, cursor, pageSize);
            if (rows.isEmpty()) {
                return received;
            }
            HandSql.Row last = rows.get(rows.size() - 1);
            cursor = last.updatedAt + "|" + last.id;
            db.applyPage(rows, cursorId, cursor);
            received += rows.size();
            if (rows.size() < pageSize) {
                return received;
            }
        }
    }

    /** The memory side: a HashMap by id and a cursor field. */
    static final class MapReplica {
        final Map<String, HandSql.Row> rows = new HashMap<>();
        String cursor;
    }

    long pull(String table, MapReplica replica, int pageSize) throws IOException, InterruptedException {
        long received = 0;
        while (true) {
            List<HandSql.Row> rows = page(table, replica.cursor, pageSize);
            for (HandSql.Row row : rows) {
                if (row.deleted) {
                    replica.rows.remove(row.id);
                } else {
                    replica.rows.put(row.id, row);
                }
            }
            received += rows.size();
            if (!rows.isEmpty()) {
                HandSql.Row last = rows.get(rows.size() - 1);
                replica.cursor = last.updatedAt + "|" + last.id;
            }
            if (rows.size() < pageSize) {
                return received;
            }
        }
    }

    /** Sends every queued insert in queue order, one POST each, keeping each answer with one commit. */
    long push(String table, HandSql db) throws IOException, InterruptedException, SQLException {
        long sent = 0;
        long sequence = 0;
        while (true) {
            List<HandSql.Queued> batch = db.queued(table, sequence);
            if (batch.isEmpty()) {
                return sent;
            }
            for (HandSql.Queued op : batch) {
                HttpRequest request = request(URI.create(base + "tables/" + table))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body(op.row()))).build();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body(); JsonParser parser = json.createParser(in)) {
                    if (response.statusCode() != 201 || parser.nextToken() != JsonToken.START_OBJECT) {
                        throw new IOException("POST " + table + " answered " + response.statusCode());
                    }
                    db.pushed(op.opId(), row(parser));
                }
                sequence = op.sequence();
                sent++;
            }
        }
    }

    private List<HandSql.Row> page(String table, String cursor, int top) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder(base.toString()).append("tables/").append(table).append('?');
        if (cursor != null) {
            int bar = cursor.indexOf('|');
            String at = WireRows.format(Long.parseLong(cursor.substring(0, bar)));
            String id = cursor.substring(bar + 1).replace("'", "''");
            String filter = "(updatedAt gt datetimeoffset'" + at + "') or ((updatedAt eq datetimeoffset'" + at
                    + "') and (id gt '" + id + "'))";
            uri.append("$filter=").append(URLEncoder.encode(filter, StandardCharsets.UTF_8)).append('&');
        }
        uri.append("$orderby=updatedAt%2Cid&$top=").append(top).append("&__includeDeleted=true");
        HttpResponse<InputStream> response = http.send(request(URI.create(uri.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<HandSql.Row> rows = new ArrayList<>(top);
        try (InputStream in = response.body(); JsonParser parser = json.createParser(in)) {
            if (response.statusCode() != 200 || parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("GET " + table + " answered " + response.statusCode());
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                rows.add(row(parser));
            }
        }
        return rows;
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("ZUMO-API-VERSION", "2.0.0").header("Accept", "application/json");
    }

    private static HandSql.Row row(JsonParser parser) throws IOException {
        HandSql.Row row = new HandSql.Row();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "id" -> row.id = parser.getValueAsString();
                case "title" -> row.title = parser.getValueAsString();
                case "done" -> row.done = parser.getValueAsBoolean();
                case "amount" -> row.amount = parser.getValueAsDouble();
                case "due" -> row.due = epochMillis(parser.getValueAsString());
                case "note" -> row.note = parser.getValueAsString();
                case "createdAt" -> row.createdAt = epochMillis(parser.getValueAsString());
                case "updatedAt" -> row.updatedAt = epochMillis(parser.getValueAsString());
                case "version" -> row.version = parser.getValueAsString();
                case "deleted" -> row.deleted = parser.getValueAsBoolean();
                default -> parser.skipChildren();
            }
        }
        return row;
    }

    /**
     * Reads {@code 2026-01-01T00:00:00.000Z}, the form both servers send, by position (the library has such a
     * fast path too; {@code Instant.parse} would be a third of this loop's time); any other form by
     * {@code Instant.parse}.
     */
    static long epochMillis(String text) {
        if (text == null) {
            return 0;
        }
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int millis = digits(text, 20, 23);
            if ((year | month | day | hour | minute | second | millis) >= 0 && hour < 24 && minute < 60 && second < 60) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
            }
        }
        return Instant.parse(text).toEpochMilli();
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private byte[] body(HandSql.Row row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("id", row.id);
            generator.writeStringField("title", row.title);
            generator.writeBooleanField("done", row.done);
            generator.writeNumberField("amount", row.amount);
            generator.writeStringField("due", WireRows.format(row.due));
            generator.writeStringField("note", row.note);
            generator.writeEndObject();
        }
        return out.toByteArray();
    }
}
