import org.tonbo4j.h2.TonboTableEngine;

/**
 * The name H2 resolves for {@code ENGINE "tonbo"}: H2 loads the table engine class by the name
 * given in the statement, so a public class called {@code tonbo} in the default package makes
 * {@code CREATE TABLE t(...) ENGINE "tonbo"} work with the jar on the class path and nothing
 * registered, also when the database reopens. Stateless; see {@link TonboTableEngine}.
 */
public final class tonbo extends TonboTableEngine {
}
