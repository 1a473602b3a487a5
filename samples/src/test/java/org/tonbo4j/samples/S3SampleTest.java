package org.tonbo4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs the S3 sample against the local S3 server it starts and checks what it read back from the bucket. */
class S3SampleTest {
    @Test
    void runs() throws Exception {
        String out = SampleRun.run(S3Sample::main);
        assertTrue(out.contains("started a local S3 server at http://127.0.0.1:"), out);
        assertTrue(out.contains("\n  sst/") && out.contains(".parquet\n"), out);
        assertTrue(out.contains("reopened from S3: event 42 = Event[id=42, kind=click, payload=p42], clicks = 334"), out);
        assertTrue(out.contains("S3 requests of this open: {s3.get="), out);
    }
}
