package org.tonbo4j.internal.db;

/**
 * One write of a batch before it has a sequence number: a put of a full row or a delete of a
 * key (whose values array holds only the key columns).
 */
public record Mutation(byte[] key, Object[] values, boolean delete) {
}
