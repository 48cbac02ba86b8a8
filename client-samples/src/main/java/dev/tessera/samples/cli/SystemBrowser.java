package dev.tessera.samples.cli;

import java.awt.Desktop;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;

/**
 * The person's own browser through {@link Desktop#browse(URI)} where the platform has
 * one; the URL is always printed too, so that on a server without a desktop (over SSH, in
 * a container) the person can open it elsewhere. The URL holds no secret: only the PKCE
 * challenge, not the verifier.
 */
public final class SystemBrowser implements Browser {

	private final PrintStream console;

	/**
	 * @param console where the URL is printed (standard error, so standard output stays
	 * for what a script reads)
	 */
	public SystemBrowser(PrintStream console) {
		this.console = console;
	}

	@Override
	public void open(URI authorizationRequest) {
		this.console.println("Sign in to Tessera in your browser. If it does not open, visit:");
		this.console.println();
		this.console.println("  " + authorizationRequest);
		this.console.println();
		if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
			try {
				Desktop.getDesktop().browse(authorizationRequest);
			}
			catch (IOException | UnsupportedOperationException | SecurityException ex) {
				this.console.println("(could not start a browser: " + ex.getMessage() + ")");
			}
		}
	}

}
