package dev.tessera.bench;

/**
 * The requests of one scenario against one server: how to build the next one and how to
 * tell a correct answer from a merely successful status.
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

}
