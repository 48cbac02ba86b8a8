package dev.tessera.admin.clients;

import java.util.Map;
import java.util.regex.Pattern;

import dev.tessera.admin.api.AdminApiException;

/**
 * Client ids and scope names as admin API path segments. A value is put in the path as it
 * is only when every character may stand in a path segment unencoded (RFC 3986
 * {@code pchar} without {@code %}) and it is not a dot segment: then the API reads back
 * exactly the value, and a typed value such as {@code ../users/x} cannot address another
 * resource. Anything else is refused here (a 400 page) rather than sent.
 */
public final class ApiPaths {

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~:@!$&'()*+,;=-]+");

	private ApiPaths() {
	}

	/**
	 * The value as a path segment, or an {@link AdminApiException} (400) saying why not.
	 */
	public static String segment(String value) {
		if (value == null || !SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
			throw new AdminApiException(400, "Bad Request",
					"The console cannot address '" + value + "' in a URL; use the admin API for it", Map.of());
		}
		return value;
	}

}
