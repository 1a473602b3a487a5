package org.tonbo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.testing.ChildProcessMain;

/** Real second processes: the write lock across processes, and kill -9 in the middle of writes. */
class ProcessCrashTest {

    private static Process start(String mode, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ChildProcessMain.class.getName(), mode, dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    @Test
    void secondProcessCannotOpenForWriting(@TempDir Path dir) throws Exception {
        Process child = start("hold", dir);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("opened", out.readLine());
            TableLockedException e = assertThrows(TableLockedException.class,
                    () -> Tonbo.open(dir, ChildProcessMain.SCHEMA, ChildProcessMain.options()));
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Tonbo.open(dir, ChildProcessMain.SCHEMA, ChildProcessMain.options()).close();
    }

    @Test
    void killMinus9LosesNoAcknowledgedWrite(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 3; round++) {
            long lastAcked = 0;
            Process child = start("write", dir);
            long stopAt = 300 + round * 250L;
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null) {
                    lastAcked = Long.parseLong(line.substring("acked ".length()));
                    if (lastAcked >= stopAt) {
                        break;
                    }
                }
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child exits after SIGKILL");
            }
            assertTrue(lastAcked >= stopAt, "child acknowledged " + lastAcked + " batches");
            Map<Long, Long> batchOf = new HashMap<>();
            try (Table<Row> t = Tonbo.open(dir, ChildProcessMain.SCHEMA, ChildProcessMain.options());
                 RowIterator<Row> it = t.scan()) {
                it.forEachRemaining(r -> batchOf.put(r.getLong("id"), r.getLong("batch")));
            }
            // Every run rewrites batches from 1; each acknowledged batch must be whole.
            for (long b = 1; b <= lastAcked; b++) {
                for (int i = 0; i < 10; i++) {
                    assertTrue(batchOf.containsKey(b * 10 + i), "round " + round + ": acknowledged batch " + b + " lost row " + i);
                }
            }
            long maxBatch = batchOf.values().stream().mapToLong(Long::longValue).max().orElse(0);
            assertTrue(maxBatch >= lastAcked, "recovered through batch " + maxBatch);
        }
    }

    @Test
    void killMinus9DuringTransfersKeepsTheTotalAndEveryAcknowledgedTransfer(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 2; round++) {
            java.util.Set<Long> acked = new java.util.HashSet<>();
            Process child = start("bank", dir);
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while (acked.size() < 400 && (line = out.readLine()) != null) {
                    acked.add(Long.parseLong(line.substring("acked ".length())));
                }
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child exits after SIGKILL");
            }
            assertEquals(400, acked.size(), "the child acknowledged transfers");
            try (Table<Row> t = Tonbo.open(dir, ChildProcessMain.SCHEMA, ChildProcessMain.options())) {
                long total = 0;
                try (RowIterator<Row> it = t.scan(Scan.builder().toExclusive(ChildProcessMain.RECEIPTS).build())) {
                    while (it.hasNext()) {
                        total += it.next().getLong("batch");
                    }
                }
                assertEquals(ChildProcessMain.ACCOUNTS * ChildProcessMain.START_BALANCE, total, "round " + round);
                for (long receipt : acked) {
                    assertTrue(t.get(receipt).isPresent(), "round " + round + ": acknowledged transfer " + receipt + " lost");
                }
            }
        }
    }
}
