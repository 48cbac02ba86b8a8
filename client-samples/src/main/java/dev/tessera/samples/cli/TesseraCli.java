package dev.tessera.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;

import dev.tessera.samples.cli.TokenEndpointClient.RefusedException;

/**
 * A command-line tool acting for a person: the person signs in once in the browser
 * ({@code login}, authorization code with PKCE through a loopback redirect, RFC 8252),
 * and later commands get access tokens with the refresh token kept in the user's config
 * directory, without a browser. A plain Java program, no Spring context: a CLI starts for
 * every command and should start fast.
 * <ul>
 * <li>{@code login}: signs in through the browser, stores the refresh token and revokes
 * the one it replaces;
 * <li>{@code token}: prints an access token (the one command that prints a token, as
 * {@code gcloud auth print-access-token} and {@code az account get-access-token} do, for
 * scripts: {@code curl -H "Authorization: Bearer $(tessera-cli token)"});
 * <li>{@code call <url>}: {@code GET}s an API with an access token and prints the status
 * and body;
 * <li>{@code logout}: revokes the refresh token at Tessera and deletes its file (with no
 * token stored, it needs no Tessera).
 * </ul>
 * Each command that needs an access token gets a fresh one with the refresh token (and
 * stores the rotated refresh token): access tokens live minutes and stay in memory; only
 * the refresh token is kept on disk. Messages go to standard error; standard output has
 * only what a script reads (the token, the API's answer). No token is ever logged, and
 * none is sent anywhere but where {@link Transport} allows.
 */
public final class TesseraCli {

	private static final String USAGE = """
			usage: tessera-cli login | token | call <url> | logout
			  login       sign in through the browser; keeps a refresh token in the config directory
			  token       print an access token (for scripts; treat it as a password)
			  call <url>  GET <url> with an access token; prints the status and the body
			  logout      revoke the refresh token at Tessera and delete it
			environment: TESSERA_ISSUER, TESSERA_CLI_CLIENT_ID, TESSERA_CLI_SCOPE, TESSERA_CLI_CONFIG_DIR""";

	private final CliSettings settings;

	private final Browser browser;

	private final PrintStream out;

	private final PrintStream err;

	private final RefreshTokenStore store;

	/**
	 * @param settings where Tessera is, which client, where tokens are kept
	 * @param browser where the person signs in
	 * @param out what a script reads
	 * @param err messages for the person
	 */
	public TesseraCli(CliSettings settings, Browser browser, PrintStream out, PrintStream err) {
		this.settings = settings;
		this.browser = browser;
		this.out = out;
		this.err = err;
		this.store = new RefreshTokenStore(settings.configDirectory(), settings.issuer(), settings.clientId());
	}

	public static void main(String[] args) {
		CliSettings settings;
		try {
			settings = CliSettings.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("tessera-cli: " + ex.getMessage());
			System.exit(2);
			return;
		}
		int status = new TesseraCli(settings, new SystemBrowser(System.err), System.out, System.err).run(args);
		System.exit(status);
	}

	/**
	 * Runs one command.
	 * @return the exit status: 0 done, 1 failed, 2 wrong usage
	 */
	public int run(String... args) {
		if (args.length == 0 || (args[0].equals("call") != (args.length == 2)) || args.length > 2) {
			this.err.println(USAGE);
			return 2;
		}
		try {
			return switch (args[0]) {
				case "login" -> login();
				case "token" -> token();
				case "call" -> call(ApiCall.checkedUrl(args[1]));
				case "logout" -> logout();
				default -> {
					this.err.println(USAGE);
					yield 2;
				}
			};
		}
		catch (CliException ex) {
			this.err.println("tessera-cli: " + ex.getMessage());
			return 1;
		}
		catch (IOException ex) {
			this.err.println("tessera-cli: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
			return 1;
		}
	}

	private int login() throws CliException, IOException {
		AuthorizationServerMetadata metadata = metadata();
		TokenEndpointClient tokenEndpoint = new TokenEndpointClient(metadata, this.settings.clientId());
		// the browser may take minutes: the lock is taken only to store the result
		Tokens tokens = new BrowserSignIn(this.settings, metadata, tokenEndpoint, this.browser).signIn();
		RefreshToken refreshToken = tokens.getRefreshToken();
		if (refreshToken == null) {
			throw new CliException("Tessera issued no refresh token: is client " + this.settings.clientId()
					+ " registered with the refresh_token grant?");
		}
		this.store.locked(() -> {
			RefreshToken replaced = replacedToken();
			this.store.save(refreshToken);
			if (replaced != null) {
				revokeReplaced(tokenEndpoint, replaced);
			}
			return null;
		});
		this.err.println("Signed in to " + this.settings.issuer() + " (scope: " + tokens.getAccessToken().getScope()
				+ "). Refresh token kept in " + this.store.file());
		return 0;
	}

	/**
	 * The token a new login replaces, or {@code null}; a file the store refuses (others
	 * can read it) is replaced all the same, since the new file is owner-only.
	 */
	private RefreshToken replacedToken() throws IOException {
		try {
			return this.store.load().orElse(null);
		}
		catch (CliException ex) {
			this.err.println("tessera-cli: the previous sign-in's file is replaced without revoking its token ("
					+ ex.getMessage() + ")");
			return null;
		}
	}

	/**
	 * Revokes the sign-in a new login replaces, so no live token is left on disk or in a
	 * copy of the old file; best effort, after the new token is safely stored.
	 */
	private void revokeReplaced(TokenEndpointClient tokenEndpoint, RefreshToken replaced) {
		try {
			tokenEndpoint.revoke(replaced);
		}
		catch (CliException | IOException ex) {
			this.err.println("tessera-cli: the previous sign-in could not be revoked (" + ex.getMessage()
					+ "); it ends when its refresh token expires");
		}
	}

	private int token() throws CliException, IOException {
		this.out.println(accessToken().getValue());
		return 0;
	}

	private int call(URI url) throws CliException, IOException {
		HttpResponse<String> response = new ApiCall().get(url, accessToken());
		this.out.println("HTTP " + response.statusCode());
		this.out.println(response.body());
		return (response.statusCode() / 100 == 2) ? 0 : 1;
	}

	private int logout() throws CliException, IOException {
		return this.store.locked(() -> {
			RefreshToken refreshToken = this.store.load().orElse(null);
			if (refreshToken == null) {
				this.err.println("Not signed in to " + this.settings.issuer() + ": nothing to do.");
				return 0;
			}
			// revoked first: if Tessera cannot be reached, the file stays so logout can
			// be
			// run again, rather than leaving a live token nobody can revoke
			new TokenEndpointClient(metadata(), this.settings.clientId()).revoke(refreshToken);
			this.store.delete();
			this.err.println("Signed out: Tessera revoked the sign-in, and " + this.store.file() + " is deleted.");
			return 0;
		});
	}

	/**
	 * An access token from the stored refresh token; the rotated refresh token replaces
	 * it in the same locked step.
	 */
	private AccessToken accessToken() throws CliException, IOException {
		return this.store.locked(() -> {
			RefreshToken refreshToken = this.store.load()
				.orElseThrow(() -> new CliException(
						"Not signed in to " + this.settings.issuer() + ": run `tessera-cli login` first."));
			Tokens tokens;
			try {
				tokens = new TokenEndpointClient(metadata(), this.settings.clientId()).refresh(refreshToken);
			}
			catch (RefusedException ex) {
				if (!OAuth2Error.INVALID_GRANT.getCode().equals(ex.error())) {
					throw ex;
				}
				// revoked, expired or spent: the file is of no more use
				this.store.delete();
				throw new CliException(
						"Your sign-in has ended (" + ex.getMessage() + "): run `tessera-cli login` again.");
			}
			if (tokens.getRefreshToken() != null) {
				this.store.save(tokens.getRefreshToken());
			}
			return tokens.getAccessToken();
		});
	}

	/**
	 * Tessera's metadata (RFC 8414) from
	 * {@code <issuer>/.well-known/oauth-authorization-server}; the SDK refuses metadata
	 * whose {@code issuer} is not the configured one, and the endpoints the tool uses
	 * must pass {@link Transport}'s rule as the issuer did.
	 */
	private AuthorizationServerMetadata metadata() throws CliException, IOException {
		AuthorizationServerMetadata metadata;
		try {
			metadata = AuthorizationServerMetadata.resolve(this.settings.issuer(), Transport::configured);
		}
		catch (GeneralException ex) {
			throw new CliException("Tessera's metadata at " + this.settings.issuer() + " could not be used: "
					+ CliException.printable(ex.getMessage()), ex);
		}
		catch (IOException ex) {
			throw new CliException("Cannot reach Tessera at " + this.settings.issuer() + " (" + ex + ")", ex);
		}
		return checkedEndpoints(metadata);
	}

	/**
	 * The metadata, once the endpoints the tool sends to (authorization, token,
	 * revocation) are known to be {@code https}, or {@code http} on loopback.
	 */
	static AuthorizationServerMetadata checkedEndpoints(AuthorizationServerMetadata metadata) throws CliException {
		if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null) {
			throw new CliException("Tessera's metadata names no authorization or no token endpoint");
		}
		Transport.checked(metadata.getAuthorizationEndpointURI(), "the PKCE challenge (authorization_endpoint)");
		Transport.checked(metadata.getTokenEndpointURI(), "the code, verifier or refresh token (token_endpoint)");
		if (metadata.getRevocationEndpointURI() != null) {
			Transport.checked(metadata.getRevocationEndpointURI(), "the refresh token (revocation_endpoint)");
		}
		return metadata;
	}

}
