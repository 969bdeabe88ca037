package dev.offlinesync.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.PullOptions;
import dev.offlinesync.RetryPolicy;
import dev.offlinesync.SyncClient;
import dev.offlinesync.SyncTable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables against the code: every default (and limit) a configuration class declares as a
 * constant is named in that class's table, next to the constant's value, and every constant a table names exists.
 * A changed default without its row, or a row naming a value the code no longer has, fails here.
 */
class ReadmeConfigurationTablesTest {

    private static final Pattern CONSTANT =
            Pattern.compile("`(?:[A-Z][A-Za-z]*\\.)?((?:DEFAULT|MAX|DATASYNC)_[A-Z0-9_]+)`");
    private static final long MIB = 1024 * 1024;

    @Test
    void theSyncClientTableNamesEveryDefaultWithItsValue() throws IOException {
        assertTableMatchesConstants("`SyncClient.builder(URI)`:", SyncClient.class);
    }

    @Test
    void theRetryPolicyTableNamesEveryDefaultWithItsValue() throws IOException {
        assertTableMatchesConstants("`RetryPolicy` (`retryPolicy(policy)`", RetryPolicy.class);
    }

    @Test
    void thePullOptionsTableNamesEveryDefaultWithItsValue() throws IOException {
        assertTableMatchesConstants("`PullOptions` (`pull(query, queryId, options)`", PullOptions.class);
    }

    @Test
    void theObservingTableNamesTheLiveQueryIntervalWithItsValue() throws IOException {
        List<String> rows = table("Observing (see \"Observing sync\"):");
        assertNamedWithValue(rows, "SyncTable.LIVE_QUERY_INTERVAL", render("LIVE_QUERY_INTERVAL",
                SyncTable.LIVE_QUERY_INTERVAL));
    }

    @Test
    void theFakeTableServiceTableNamesEveryDefaultWithItsValue() throws IOException {
        assertTableMatchesConstants("| `FakeTableService.builder()` setting |", FakeTableService.class);
    }

    private static void assertTableMatchesConstants(String marker, Class<?> type) throws IOException {
        List<String> rows = table(marker);
        List<String> declared = new ArrayList<>();
        for (Field field : type.getFields()) {
            Object value = constant(field);
            if (value != null) {
                declared.add(field.getName());
                assertNamedWithValue(rows, field.getName(), render(field.getName(), value));
            }
        }
        for (String row : rows) {
            Matcher named = CONSTANT.matcher(row);
            while (named.find()) {
                assertTrue(declared.contains(named.group(1)), "README's table after " + marker + " names "
                        + named.group(1) + ", which " + type.getSimpleName() + " does not declare: " + row);
            }
        }
    }

    /** The value of a public constant of a plain type, or {@code null} for other fields (policies, nested types). */
    private static Object constant(Field field) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers) || !CONSTANT.matcher("`" + field.getName()
                + "`").matches()) {
            return null;
        }
        try {
            Object value = field.get(null);
            boolean plain = value instanceof Number || value instanceof Boolean || value instanceof String
                    || value instanceof Duration || value instanceof Enum<?>;
            return plain ? value : null;
        } catch (IllegalAccessException e) {
            throw new AssertionError("public constant " + field + " cannot be read", e);
        }
    }

    /** A row names the constant in backticks, its value right before ("10 s (`X`") or right after ("`X` 50"). */
    private static void assertNamedWithValue(List<String> rows, String name, String value) {
        String quoted = "`" + name + "`";
        String row = rows.stream().filter(r -> r.contains(quoted)).findFirst()
                .orElseThrow(() -> new AssertionError("README's table names no " + quoted + " (value " + value + ")"));
        String cell = cellHolding(row, quoted);
        int at = cell.indexOf(quoted);
        String before = cell.substring(0, at).replace("`", "").replaceAll("[\\s(]+$", "");
        String after = cell.substring(at + quoted.length()).replace("`", "").strip();
        boolean valueBefore = before.equals(value) || before.endsWith(" " + value);
        boolean valueAfter = after.equals(value) || after.matches(Pattern.quote(value) + "\\b.*");
        assertTrue(valueBefore || valueAfter, "README names " + quoted + " but not with its value " + value + ": "
                + row);
    }

    private static String cellHolding(String row, String text) {
        for (String cell : row.split("\\|")) {
            if (cell.contains(text)) {
                return cell.strip();
            }
        }
        throw new AssertionError(text + " not in a cell of " + row);
    }

    /** How the README writes a value: "10 s", "5 min", "200 ms", "64 MiB", "128000", "false", "MOBILE_APPS". */
    private static String render(String name, Object value) {
        if (value instanceof Duration d) {
            long millis = d.toMillis();
            return millis % 60_000 == 0 ? millis / 60_000 + " min"
                    : millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
        }
        if (value instanceof Long bytes && name.endsWith("_BYTES") && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        return value instanceof Enum<?> e ? e.name() : String.valueOf(value);
    }

    /** The rows of the first table after the line holding {@code marker} (or starting at it, for a header row). */
    private static List<String> table(String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).contains(marker)) {
                start = i;
            }
        }
        assertTrue(start >= 0, "README.md has no line holding " + marker);
        List<String> rows = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("|")) {
                rows.add(line);
            } else if (!rows.isEmpty()) {
                break;
            }
        }
        assertFalse(rows.isEmpty(), "no table after " + marker);
        return rows;
    }
}
