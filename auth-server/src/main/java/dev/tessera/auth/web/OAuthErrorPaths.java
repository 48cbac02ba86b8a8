package dev.tessera.auth.web;

/**
 * The request paths whose errors are answered as RFC 6749 §5.2 JSON (the OAuth endpoints)
 * rather than as RFC 9457 problems. Defined by the part of the server that owns those
 * endpoints, so that the error writers here need not know where they are.
 */
@FunctionalInterface
public interface OAuthErrorPaths {

	/** No OAuth endpoints: every error is a problem. */
	OAuthErrorPaths NONE = path -> false;

	/**
	 * @param path a request path within the application (no context path)
	 */
	boolean matches(String path);

}
