package dev.tessera.auth.web;

/**
 * Text for RFC 6749/6750 {@code error_description}: only printable ASCII other than
 * {@code "} and {@code \} is allowed (Spring refuses anything else with an exception,
 * which would turn a 401 into a 500), so anything else becomes {@code ?}.
 */
public final class RfcText {

	private static final int MAX_LENGTH = 500;

	private RfcText() {
	}

	public static String description(String text) {
		StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
		for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
			char c = text.charAt(i);
			boolean allowed = c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
			clean.append(allowed ? c : '?');
		}
		return clean.toString();
	}

}
