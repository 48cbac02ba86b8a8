package dev.tessera.samples.cli;

/**
 * A failure the person at the terminal should read: the message says what went wrong and,
 * where there is one, what to do. It never carries a token.
 */
public class CliException extends Exception {

	private static final long serialVersionUID = 1L;

	public CliException(String message) {
		super(message);
	}

	public CliException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Text that came from the network (an error description), made safe to print: no
	 * control characters, so a hostile answer cannot drive the terminal.
	 */
	static String printable(String text) {
		return (text != null) ? text.replaceAll("\\p{Cntrl}", "?") : "";
	}

}
