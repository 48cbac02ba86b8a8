package dev.tessera.bench;

/**
 * A run that cannot go on: a server that does not start or answers wrongly, or the time
 * limit.
 */
public class BenchmarkException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public BenchmarkException(String message) {
		super(message);
	}

	public BenchmarkException(String message, Throwable cause) {
		super(message, cause);
	}

}
