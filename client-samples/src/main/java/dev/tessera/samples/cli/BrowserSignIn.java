package dev.tessera.samples.cli;

import java.io.IOException;
import java.net.URI;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;

import dev.tessera.samples.cli.LoopbackRedirectReceiver.NotThisSignIn;

/**
 * A person signing in through the browser, the authorization code flow of a native app
 * (RFC 8252) with PKCE (RFC 7636):
 * <ol>
 * <li>a fresh PKCE verifier and {@code state}, and a loopback listener on a free port;
 * <li>the authorization request (with the S256 challenge, never the verifier) opened in
 * the browser, where the person signs in at Tessera;
 * <li>the callback checked before its code is used: {@code state} must be this sign-in's
 * (against a callback some other page forged: such a callback is turned away and the
 * sign-in goes on waiting), and {@code iss} must be this Tessera (RFC 9207, against
 * mix-up: Tessera's metadata says it always sends it; another issuer ends the sign-in);
 * <li>the code redeemed with the verifier at the token endpoint.
 * </ol>
 */
final class BrowserSignIn {

	private final CliSettings settings;

	private final AuthorizationServerMetadata metadata;

	private final TokenEndpointClient tokenEndpoint;

	private final Browser browser;

	BrowserSignIn(CliSettings settings, AuthorizationServerMetadata metadata, TokenEndpointClient tokenEndpoint,
			Browser browser) {
		this.settings = settings;
		this.metadata = metadata;
		this.tokenEndpoint = tokenEndpoint;
		this.browser = browser;
	}

	/** Runs the sign-in to its end: the tokens, or a refusal saying why. */
	Tokens signIn() throws CliException, IOException {
		CodeVerifier verifier = new CodeVerifier();
		State state = new State();
		try (LoopbackRedirectReceiver<AuthorizationCode> receiver = LoopbackRedirectReceiver
			.start((callback) -> authorizationCode(callback, state))) {
			AuthorizationRequest request = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
					this.settings.clientId())
				.endpointURI(this.metadata.getAuthorizationEndpointURI())
				.redirectionURI(receiver.redirectUri())
				.scope(this.settings.scope())
				.state(state)
				.codeChallenge(verifier, CodeChallengeMethod.S256)
				.build();
			this.browser.open(request.toURI());
			AuthorizationCode code = receiver.await(this.settings.loginTimeout());
			return this.tokenEndpoint.redeem(code, receiver.redirectUri(), verifier);
		}
	}

	/**
	 * What the loopback listener checks of the callback it receives, in this order: it is
	 * an authorization response for this sign-in (else it is not ours, and the sign-in
	 * goes on waiting: a page that sends the browser here without the state cannot end
	 * it), from this issuer; only then is an error in it reported or its code taken.
	 */
	AuthorizationCode authorizationCode(URI callback, State expectedState) throws CliException {
		AuthorizationResponse response;
		try {
			response = AuthorizationResponse.parse(callback);
		}
		catch (ParseException ex) {
			throw new NotThisSignIn(
					"The sign-in answer is not an authorization response: " + CliException.printable(ex.getMessage()));
		}
		if (!expectedState.equals(response.getState())) {
			throw new NotThisSignIn("Turned away a sign-in answer whose state is not this login's");
		}
		Issuer issuer = response.getIssuer();
		boolean issuerRequired = this.metadata.supportsAuthorizationResponseIssuerParam();
		if ((issuer == null && issuerRequired) || (issuer != null && !issuer.equals(this.settings.issuer()))) {
			throw new CliException(
					"Refused a sign-in answer that does not come from " + this.settings.issuer() + " (its iss is "
							+ ((issuer != null) ? CliException.printable(issuer.getValue()) : "missing") + ")");
		}
		if (!response.indicatesSuccess()) {
			AuthorizationErrorResponse refusal = response.toErrorResponse();
			ErrorObject error = refusal.getErrorObject();
			throw new CliException("Tessera did not sign you in: " + CliException.printable(error.getCode())
					+ ((error.getDescription() != null) ? " (" + CliException.printable(error.getDescription()) + ")"
							: ""));
		}
		return response.toSuccessResponse().getAuthorizationCode();
	}

}
