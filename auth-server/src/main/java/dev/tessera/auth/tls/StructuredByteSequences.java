package dev.tessera.auth.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the RFC 8941 structured fields that RFC 9440 puts certificates in: an Item that
 * is a Byte Sequence ({@code :base64:}, for {@code Client-Cert}) and a List of them (for
 * {@code Client-Cert-Chain}). Parameters after an item are allowed by RFC 8941 and none
 * is defined by RFC 9440, so they are skipped (but must be well formed); anything else
 * that is not the grammar is refused with an {@link IllegalArgumentException} saying what
 * is wrong, never echoing the value.
 */
final class StructuredByteSequences {

	private final String text;

	private int position;

	private StructuredByteSequences(String text) {
		this.text = text;
	}

	/** The bytes of an sf-item that is a byte sequence. */
	static byte[] item(String field) {
		StructuredByteSequences parser = new StructuredByteSequences(field);
		parser.skipSpaces();
		byte[] bytes = parser.byteSequenceWithParameters();
		parser.skipSpaces();
		if (!parser.atEnd()) {
			throw new IllegalArgumentException("unexpected text after the byte sequence");
		}
		return bytes;
	}

	/** The bytes of every member of an sf-list of byte sequences (empty for ""). */
	static List<byte[]> list(String field) {
		StructuredByteSequences parser = new StructuredByteSequences(field);
		List<byte[]> members = new ArrayList<>();
		parser.skipSpaces();
		while (!parser.atEnd()) {
			members.add(parser.byteSequenceWithParameters());
			parser.skipOptionalWhitespace();
			if (parser.atEnd()) {
				break;
			}
			if (parser.next() != ',') {
				throw new IllegalArgumentException("list members are not separated by commas");
			}
			parser.skipOptionalWhitespace();
			if (parser.atEnd()) {
				throw new IllegalArgumentException("the list ends with a comma");
			}
		}
		return members;
	}

	private byte[] byteSequenceWithParameters() {
		byte[] bytes = byteSequence();
		skipParameters();
		return bytes;
	}

	private byte[] byteSequence() {
		if (atEnd() || next() != ':') {
			throw new IllegalArgumentException("not a byte sequence (:base64:)");
		}
		int start = this.position;
		int end = this.text.indexOf(':', start);
		if (end < 0) {
			throw new IllegalArgumentException("the byte sequence is not closed by a colon");
		}
		String base64 = this.text.substring(start, end);
		for (int i = 0; i < base64.length(); i++) {
			char c = base64.charAt(i);
			boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
					|| c == '/' || c == '=';
			if (!allowed) {
				throw new IllegalArgumentException("the byte sequence is not base64");
			}
		}
		this.position = end + 1;
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the byte sequence is not base64");
		}
	}

	/** {@code *( ";" *SP key [ "=" bare-item ] )}, values not kept. */
	private void skipParameters() {
		while (!atEnd() && peek() == ';') {
			this.position++;
			skipSpaces();
			int start = this.position;
			while (!atEnd() && isKeyCharacter(peek(), this.position == start)) {
				this.position++;
			}
			if (this.position == start) {
				throw new IllegalArgumentException("a parameter has no valid key");
			}
			if (!atEnd() && peek() == '=') {
				this.position++;
				skipBareItem();
			}
		}
	}

	private void skipBareItem() {
		if (atEnd()) {
			throw new IllegalArgumentException("a parameter has no value after =");
		}
		char first = peek();
		if (first == '"') {
			this.position++;
			while (!atEnd()) {
				char c = next();
				if (c == '\\') {
					if (atEnd()) {
						break;
					}
					this.position++;
				}
				else if (c == '"') {
					return;
				}
			}
			throw new IllegalArgumentException("a parameter's string is not closed");
		}
		if (first == ':') {
			byteSequence();
			return;
		}
		int start = this.position;
		while (!atEnd() && isTokenCharacter(peek())) {
			this.position++;
		}
		if (this.position == start) {
			throw new IllegalArgumentException("a parameter has no valid value");
		}
	}

	private static boolean isKeyCharacter(char c, boolean first) {
		boolean lower = (c >= 'a' && c <= 'z') || c == '*';
		return first ? lower : lower || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
	}

	/** Tokens, numbers and booleans ({@code ?1}) alike. */
	private static boolean isTokenCharacter(char c) {
		return c > 0x20 && c < 0x7F && c != ';' && c != ',' && c != '"' && c != '(' && c != ')';
	}

	private void skipSpaces() {
		while (!atEnd() && peek() == ' ') {
			this.position++;
		}
	}

	private void skipOptionalWhitespace() {
		while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
			this.position++;
		}
	}

	private boolean atEnd() {
		return this.position >= this.text.length();
	}

	private char peek() {
		return this.text.charAt(this.position);
	}

	private char next() {
		return this.text.charAt(this.position++);
	}

}
