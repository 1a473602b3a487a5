package org.tonbo4j.s3.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tonbo4j.storage.WritableFile;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A file written to S3 as one or more immutable objects ("chunks", see {@link ObjectNames}).
 * Bytes are buffered in memory; every {@link #sync()} uploads the bytes written since the
 * previous one as the next chunk, with {@code If-None-Match: *} so that no other writer's
 * chunk is ever replaced. A file synced once (an SST) is a single object under its plain name,
 * readable by any S3 tool; a WAL segment or manifest becomes one object per sync (group
 * commit). A chunk past {@code partBytes} streams out as a multipart upload, so memory stays
 * bounded; it becomes visible only when completed, and an abandoned upload is aborted.
 *
 * <p>After a failed upload the file is broken: every later call throws, and {@link #close()}
 * uploads nothing. {@link #close()} of a healthy file uploads what is still buffered (so that
 * a file created and closed exists). Not thread-safe: one writer.
 */
final class S3WritableFile implements WritableFile {
    private final ObjectStore store;
    private final String key;
    private final int partBytes;
    private byte[] buf = new byte[4096];
    private int bufLen;
    private long position;
    private int nextChunk;
    /** Bytes of the current chunk already sent as multipart parts. */
    private long partsBytes;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private IOException failure;
    private boolean closed;

    /** A check run before each upload of a chunk, which may refuse it. */
    interface Fence {
        void check() throws IOException;
    }

    private final Fence fence;

    S3WritableFile(ObjectStore store, String key, int partBytes, Fence fence) {
        this.fence = fence;
        this.store = store;
        this.key = key;
        this.partBytes = partBytes;
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("s3://" + store.bucket() + "/" + key + " is closed");
        }
        if (failure != null) {
            throw new IOException("an earlier upload of s3://" + store.bucket() + "/" + key + " failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        while (len > 0) {
            if (bufLen == buf.length) {
                if (bufLen >= partBytes) {
                    uploadPart();
                } else {
                    buf = Arrays.copyOf(buf, Math.min(partBytes, buf.length * 2));
                }
            }
            int n = Math.min(len, buf.length - bufLen);
            System.arraycopy(b, off, buf, bufLen, n);
            bufLen += n;
            position += n;
            off += n;
            len -= n;
        }
    }

    private String chunkKey() {
        return ObjectNames.chunk(key, nextChunk);
    }

    /** Streams a full buffer as the next part of the current chunk's multipart upload. */
    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = store.startMultipart(chunkKey());
            }
            parts.add(store.uploadPart(chunkKey(), uploadId, parts.size() + 1, buf, bufLen));
            partsBytes += bufLen;
            bufLen = 0;
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    private void fail(Exception e) {
        failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
        if (uploadId != null) {
            store.abortMultipart(chunkKey(), uploadId);
            uploadId = null;
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void sync() throws IOException {
        check();
        if (bufLen == 0 && uploadId == null && nextChunk > 0) {
            return;
        }
        uploadChunk();
    }

    private void uploadChunk() throws IOException {
        try {
            fence.check();
            if (uploadId != null) {
                if (bufLen > 0 || parts.isEmpty()) {
                    parts.add(store.uploadPart(chunkKey(), uploadId, parts.size() + 1, buf, bufLen));
                }
                store.completeMultipart(chunkKey(), uploadId, List.copyOf(parts), partsBytes + bufLen);
                uploadId = null;
                parts.clear();
                partsBytes = 0;
            } else {
                store.put(chunkKey(), buf, 0, bufLen, ObjectStore.Condition.IF_ABSENT);
            }
            bufLen = 0;
            nextChunk++;
            if (buf.length > (64 << 10)) {
                buf = new byte[4096];
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null && (bufLen > 0 || uploadId != null || nextChunk == 0)) {
                uploadChunk();
            }
        } finally {
            closed = true;
            if (uploadId != null) {
                store.abortMultipart(chunkKey(), uploadId);
                uploadId = null;
            }
            buf = null;
        }
    }
}
