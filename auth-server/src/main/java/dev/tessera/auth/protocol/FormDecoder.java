package dev.tessera.auth.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} data strictly: every {@code %} is
 * followed by two hex digits, and the decoded bytes are UTF-8. The servlet container
 * silently drops a pair it cannot decode, so {@code scope=%%%} would become "no scope
 * requested" and earn a token with the client's default scopes; here the whole body is
 * refused instead.
 */
public final class FormDecoder {

	private FormDecoder() {
	}

	/**
	 * Adds the form's pairs to {@code into}, in order, repeated names kept.
	 * @throws IllegalArgumentException saying what cannot be decoded
	 */
	public static void decode(byte[] form, Map<String, List<String>> into) {
		int start = 0;
		while (start <= form.length) {
			int end = indexOf(form, (byte) '&', start);
			if (end > start) {
				int equals = indexOf(form, (byte) '=', start);
				if (equals >= end) {
					equals = -1;
				}
				String name = decode(form, start, (equals >= 0) ? equals : end);
				String value = (equals >= 0) ? decode(form, equals + 1, end) : "";
				into.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
			}
			start = end + 1;
		}
	}

	public static Map<String, List<String>> decode(byte[] form) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		decode(form, parameters);
		return parameters;
	}

	private static int indexOf(byte[] bytes, byte wanted, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		return bytes.length;
	}

	private static String decode(byte[] form, int from, int to) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
		for (int i = from; i < to; i++) {
			byte b = form[i];
			if (b == '+') {
				bytes.write(' ');
			}
			else if (b == '%') {
				if (i + 2 >= to) {
					throw new IllegalArgumentException("an incomplete percent-encoding");
				}
				int high = Character.digit(form[i + 1], 16);
				int low = Character.digit(form[i + 2], 16);
				if (high < 0 || low < 0) {
					throw new IllegalArgumentException("a percent sign not followed by two hex digits");
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else {
				bytes.write(b);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("bytes that are not UTF-8");
		}
	}

}
