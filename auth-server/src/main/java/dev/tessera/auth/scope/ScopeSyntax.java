package dev.tessera.auth.scope;

import java.util.regex.Pattern;

/** RFC 6749 §3.3 scope-token syntax: printable ASCII except space, '"' and '\'. */
public final class ScopeSyntax {

	private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");

	private ScopeSyntax() {
	}

	public static boolean isValid(String scope) {
		return scope != null && SCOPE_TOKEN.matcher(scope).matches();
	}

}
