package dev.offlinesync.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * How one server family names and fills the system columns of a row: the wire names, the form of versions
 * and of server-generated ids. The rows of the fake keep the same values whatever the family; only their
 * names and renderings differ.
 *
 * @param createdAt the wire name of the creation time, {@code null} where the server has none
 * @param updatedAt the wire name of the last-change time
 * @param version   the wire name of the row version
 * @param deleted   the wire name of the soft-delete flag
 * @param rowVersion {@code true}: versions come from one increasing sequence per table, written as 8 big-endian
 *                   bytes in base64 (a SQL Server {@code rowversion}); {@code false}: a counter per row, written
 *                   as base64 of its decimal digits (the Node server on SQLite)
 * @param idStyle   the form of ids the server makes up for an insert without one
 */
record RowFormat(String createdAt, String updatedAt, String version, String deleted, boolean rowVersion,
                 IdStyle idStyle) {

    /** Where a server-generated id comes from. */
    enum IdStyle {
        /** A lower-case UUID with dashes (the Node server). */
        LOWER_UUID,
        /** 32 lower-case hex digits, a GUID without dashes (Datasync). */
        HEX32,
        /** An upper-case GUID with dashes (the SQL column default of Mobile Services). */
        UPPER_GUID
    }

    static final RowFormat MOBILE_APPS =
            new RowFormat("createdAt", "updatedAt", "version", "deleted", false, IdStyle.LOWER_UUID);
    static final RowFormat DATASYNC = new RowFormat(null, "updatedAt", "version", "deleted", true, IdStyle.HEX32);
    static final RowFormat MOBILE_SERVICES =
            new RowFormat("__createdAt", "__updatedAt", "__version", "__deleted", true, IdStyle.UPPER_GUID);

    /**
     * The first value of a table's version sequence is one above this, so the first version reads
     * {@code "AAAAAAAAB9E="} like a fresh SQL Server database's.
     */
    static final long ROW_VERSION_START = 2000;

    /** The system column names in the order rows are written, {@code createdAt} left out where absent. */
    List<String> systemNames() {
        List<String> names = new ArrayList<>(4);
        if (createdAt != null) {
            names.add(createdAt);
        }
        names.add(updatedAt);
        names.add(version);
        names.add(deleted);
        return names;
    }

    /** Whether a body property is one of these system columns (the id is not). */
    boolean isSystemName(String name) {
        return name.equals(updatedAt) || name.equals(version) || name.equals(deleted)
                || (createdAt != null && name.equals(createdAt));
    }

    /** The version string of a counter value. */
    String version(long counter) {
        if (rowVersion) {
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        }
        return Base64.getEncoder().encodeToString(Long.toString(counter).getBytes(StandardCharsets.US_ASCII));
    }

    String newId() {
        String uuid = UUID.randomUUID().toString();
        return switch (idStyle) {
            case LOWER_UUID -> uuid;
            case HEX32 -> uuid.replace("-", "");
            case UPPER_GUID -> uuid.toUpperCase(Locale.ROOT);
        };
    }
}
