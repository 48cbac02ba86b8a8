package dev.tessera.auth.audit;

import java.util.regex.Pattern;

/**
 * Caller-supplied text as an audit record stores it: printable ASCII only and at most 100
 * characters, so a request cannot forge log lines or grow a row without bound.
 */
public final class AuditText {

	private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x20-\\x7E]");

	private AuditText() {
	}

	/**
	 * The value with anything unprintable replaced by {@code ?}, cut at 100 characters;
	 * null stays null.
	 */
	public static String safe(String value) {
		if (value == null) {
			return null;
		}
		String printable = NOT_PRINTABLE.matcher(value).replaceAll("?");
		return (printable.length() > 100) ? printable.substring(0, 100) : printable;
	}

}
