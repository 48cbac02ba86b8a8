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
 * <li>{@code login}: signs in through the browser and stores the refresh token;
 * <li>{@code token}: prints an access token (the one command that prints a token, as
 * {@code gcloud auth print-access-token} and {@code az account get-access-token} do, for
 * scripts: {@code curl -H "Authorization: Bearer $(tessera-cli token)"});
 * <li>{@code call <url>}: {@code GET}s an API with an access token and prints the status
 * and body;
 * <li>{@code logout}: revokes the refresh token at Tessera and deletes its file.
 * </ul>
 * Each command that needs an access token gets a fresh one with the refresh token (and
 * stores the rotated refresh token): access tokens live minutes and stay in memory; only
 * the refresh token is kept on disk. Messages go to standard error; standard output has
 * only what a script reads (the token, the API's answer). No token is ever logged.
 */
public final class TesseraCli {

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private static final int READ_TIMEOUT_MILLIS = 30_000;

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
		CliSettings settings = CliSettings.fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
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
		Tokens tokens = new BrowserSignIn(this.settings, metadata, tokenEndpoint, this.browser).signIn();
		RefreshToken refreshToken = tokens.getRefreshToken();
		if (refreshToken == null) {
			throw new CliException("Tessera issued no refresh token: is client " + this.settings.clientId()
					+ " registered with the refresh_token grant?");
		}
		this.store.locked(() -> {
			this.store.save(refreshToken);
			return null;
		});
		this.err.println("Signed in to " + this.settings.issuer() + " (scope: " + tokens.getAccessToken().getScope()
				+ "). Refresh token kept in " + this.store.file());
		return 0;
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
		TokenEndpointClient tokenEndpoint = new TokenEndpointClient(metadata(), this.settings.clientId());
		return this.store.locked(() -> {
			RefreshToken refreshToken = this.store.load().orElse(null);
			if (refreshToken == null) {
				this.err.println("Not signed in to " + this.settings.issuer() + ": nothing to do.");
				return 0;
			}
			// revoked first: if Tessera cannot be reached, the file stays so logout can
			// be
			// run again, rather than leaving a live token nobody can revoke
			tokenEndpoint.revoke(refreshToken);
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
		TokenEndpointClient tokenEndpoint = new TokenEndpointClient(metadata(), this.settings.clientId());
		return this.store.locked(() -> {
			RefreshToken refreshToken = this.store.load()
				.orElseThrow(() -> new CliException(
						"Not signed in to " + this.settings.issuer() + ": run `tessera-cli login` first."));
			Tokens tokens;
			try {
				tokens = tokenEndpoint.refresh(refreshToken);
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
	 * whose {@code issuer} is not the configured one.
	 */
	private AuthorizationServerMetadata metadata() throws CliException, IOException {
		try {
			return AuthorizationServerMetadata.resolve(this.settings.issuer(), CONNECT_TIMEOUT_MILLIS,
					READ_TIMEOUT_MILLIS);
		}
		catch (GeneralException ex) {
			throw new CliException("Tessera's metadata at " + this.settings.issuer() + " could not be used: "
					+ CliException.printable(ex.getMessage()), ex);
		}
		catch (IOException ex) {
			throw new CliException("Cannot reach Tessera at " + this.settings.issuer() + " (" + ex + ")", ex);
		}
	}

}
