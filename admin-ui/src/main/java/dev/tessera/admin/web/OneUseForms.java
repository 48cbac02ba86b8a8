package dev.tessera.admin.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpSession;

/**
 * One-use tokens for forms whose post must not happen twice (creating a client, rotating
 * a secret: their answer is a page shown once, not a redirect, so reloading it would post
 * again). A form carries a token issued for it in a hidden field; the post is carried out
 * only if the token is still in the person's session, and using it removes it, so the
 * same post sent again is refused instead of creating a second client. The session keeps
 * only the most recent unused tokens.
 */
public final class OneUseForms {

	/** The hidden field's name. */
	public static final String FIELD = "nonce";

	static final String ATTRIBUTE = OneUseForms.class.getName();

	static final int KEPT = 20;

	private static final SecureRandom RANDOM = new SecureRandom();

	private OneUseForms() {
	}

	/** A new token for a form shown in this session. */
	public static String issue(HttpSession session) {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		synchronized (session) {
			Set<String> tokens = tokens(session);
			tokens.add(token);
			while (tokens.size() > KEPT) {
				tokens.remove(tokens.iterator().next());
			}
			session.setAttribute(ATTRIBUTE, tokens);
		}
		return token;
	}

	/**
	 * Uses the token: {@code true} the first time for a token issued in this session,
	 * {@code false} for a token already used, unknown, or missing.
	 */
	public static boolean use(HttpSession session, String token) {
		if (token == null || token.isEmpty()) {
			return false;
		}
		synchronized (session) {
			Set<String> tokens = tokens(session);
			boolean unused = tokens.remove(token);
			session.setAttribute(ATTRIBUTE, tokens);
			return unused;
		}
	}

	@SuppressWarnings("unchecked")
	private static Set<String> tokens(HttpSession session) {
		Object tokens = session.getAttribute(ATTRIBUTE);
		return (tokens instanceof LinkedHashSet<?> set) ? (LinkedHashSet<String>) set : new LinkedHashSet<>();
	}

}
