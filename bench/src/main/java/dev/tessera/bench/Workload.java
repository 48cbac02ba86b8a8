package dev.tessera.bench;

/**
 * The requests of one scenario against one server: how to build the next one and how to
 * tell a correct answer from a merely successful status. A workload is shared by every
 * connection unless {@link #forConnection()} says otherwise.
 */
interface Workload {

	/**
	 * The {@code sequence}-th request of the phase (the sequence picks the node
	 * round-robin).
	 */
	LoadRequest request(long sequence);

	/**
	 * Checks a 2xx response's body (the load generator samples a few per worker).
	 * @return {@code null} when it is what the scenario expects, else why not
	 */
	String verify(String body);

	/**
	 * The workload of one connection, asked once per worker before a phase starts. A
	 * scenario whose requests depend on earlier answers (a refresh token chain) returns
	 * its own per connection; the others share one.
	 */
	default Workload forConnection() {
		return this;
	}

	/**
	 * Whether every 2xx answer must go through {@link #verify(String)}, not a sample:
	 * when the next request is built from it.
	 */
	default boolean verifiesEveryResponse() {
		return false;
	}

	/**
	 * How the connections of this workload are opened: plain TCP unless the scenario is
	 * about TLS.
	 */
	default Transport transport() {
		return Transport.PLAIN;
	}

	/**
	 * Anything the report should say about the phase just run (e.g. set-up work done
	 * during it), or empty.
	 */
	default String afterPhase() {
		return "";
	}

}
