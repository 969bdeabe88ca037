package dev.offlinesync.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's harness at tiny sizes: every workload and check yields its row. Figures are not checked. */
class SyncBenchTest {

    @TempDir
    Path dir;

    @Test
    void everyWorkloadAndMemoryCheckGetsARowOfTheReport() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        String report = SyncBench.run(new String[] {"modes=inprocess,checks", "rows=300", "memoryRows=300", "page=100",
            "push=20", "local=20", "runs=1", "checkRows=500", "checkOps=20", "dir=" + dir},
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        List<String> rows = report.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| workload")
                && !line.startsWith("| memory check")).toList();
        List<String> expected = List.of("first pull, SQLite, random UUID ids", "first pull, SQLite, time-ordered ids",
                "first pull, H2, random UUID ids", "first pull, H2, time-ordered ids",
                "first pull of 300 rows, memory store vs a HashMap", "incremental pull after 1% of 300 rows changed",
                "no-change pull, SQLite", "push of 20 queued inserts, SQLite",
                "push of 20 queued inserts, SQLite, pushParallelism 8", "local inserts, SQLite",
                "local inserts, H2", "local inserts, SQLite, the loop with time-ordered ids too",
                "local inserts, H2, the loop with time-ordered ids too", "local inserts, memory store",
                "live query, update to listener, SQLite, 20 rows",
                "pull of 500 rows into SQLite in -Xmx32m",
                "push of 20 queued inserts from SQLite in -Xmx64m");
        assertEquals(expected.size(), rows.size(), report);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(rows.get(i).startsWith("| " + expected.get(i)), rows.get(i));
        }
        assertTrue(rows.stream().filter(row -> row.contains("-Xmx")).allMatch(row -> row.contains("| pass |")), report);
    }

    @Test
    void handWrittenLoopReadsServerDatesAsInstantParseDoes() {
        for (String text : List.of("2026-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.001Z",
                "2026-11-23T23:05:13.261Z", "2026-11-23T23:05:13Z", "2026-11-23T23:05:13.261123Z")) {
            assertEquals(java.time.Instant.parse(text).toEpochMilli(), HandHttp.epochMillis(text), text);
        }
    }
}
