package dev.tessera.samples.cli;

import java.io.IOException;
import java.net.URI;

/**
 * Where the person signs in: the system browser in the real tool ({@link SystemBrowser}),
 * something the test drives in its tests. RFC 8252 §4 (native apps): the sign-in happens
 * in the browser, never in a form of the tool's own, so the tool never sees the password.
 */
@FunctionalInterface
public interface Browser {

	/**
	 * Shows the authorization request to the person. May return before the person has
	 * signed in: the answer arrives at the loopback redirect.
	 * @param authorizationRequest the full authorization request URL
	 * @throws IOException when the browser cannot be started
	 */
	void open(URI authorizationRequest) throws IOException;

}
