package org.tonbo4j.internal;

/**
 * A key a transaction commit validates against newer commits: encoded, and as key values (which
 * let SST probes use bloom filters and name the key in a conflict message).
 */
public record CheckKey(byte[] encoded, Object[] values) {
}
