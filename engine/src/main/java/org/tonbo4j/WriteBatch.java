package org.tonbo4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** An ordered list of inserts and deletes applied atomically by {@link Table#write}. Not thread-safe. */
public final class WriteBatch<R> {
    /** One operation: an insert of {@code row}, or a delete of {@code key}. */
    public static final class Op<R> {
        private final R row;
        private final Object[] key;

        private Op(R row, Object[] key) {
            this.row = row;
            this.key = key;
        }

        public boolean isDelete() {
            return row == null;
        }

        public R row() {
            return row;
        }

        public Object[] key() {
            return key == null ? null : key.clone();
        }
    }

    private final List<Op<R>> ops = new ArrayList<>();

    public WriteBatch<R> insert(R row) {
        ops.add(new Op<>(Objects.requireNonNull(row, "row"), null));
        return this;
    }

    public WriteBatch<R> delete(Object... key) {
        ops.add(new Op<>(null, key.clone()));
        return this;
    }

    public int size() {
        return ops.size();
    }

    public List<Op<R>> ops() {
        return Collections.unmodifiableList(ops);
    }
}
