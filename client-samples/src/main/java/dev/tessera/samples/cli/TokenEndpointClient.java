package dev.tessera.samples.cli;

import java.io.IOException;
import java.net.URI;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;

/**
 * Tessera's token and revocation endpoints as a public client uses them (token endpoint
 * auth method {@code none}: the {@code client_id} in the form, no secret), with the
 * request and response messages of the Nimbus OAuth 2.0 SDK rather than hand-built forms
 * and JSON. The endpoints come from Tessera's metadata (RFC 8414), not from
 * configuration, and were checked against {@link Transport}'s rule when it was read.
 */
final class TokenEndpointClient {

	private final AuthorizationServerMetadata metadata;

	private final ClientID clientId;

	TokenEndpointClient(AuthorizationServerMetadata metadata, ClientID clientId) {
		this.metadata = metadata;
		this.clientId = clientId;
	}

	/**
	 * Redeems an authorization code, proving with the PKCE verifier that this is the
	 * process that started the sign-in (RFC 7636).
	 */
	Tokens redeem(AuthorizationCode code, URI redirectUri, CodeVerifier verifier) throws CliException, IOException {
		return tokens(new AuthorizationCodeGrant(code, redirectUri, verifier));
	}

	/**
	 * A new access token for the refresh token. Tessera rotates refresh tokens: the
	 * answer carries a new one, and the one sent is spent (sending it again revokes the
	 * whole sign-in).
	 * @throws RefusedException {@code invalid_grant} when the sign-in has ended
	 */
	Tokens refresh(RefreshToken refreshToken) throws CliException, IOException {
		return tokens(new RefreshTokenGrant(refreshToken));
	}

	/**
	 * Revokes the refresh token (RFC 7009); Tessera then ends every token of that
	 * sign-in.
	 */
	void revoke(RefreshToken refreshToken) throws CliException, IOException {
		URI endpoint = this.metadata.getRevocationEndpointURI();
		if (endpoint == null) {
			throw new CliException("Tessera's metadata names no revocation endpoint");
		}
		HTTPResponse response = send(new TokenRevocationRequest(endpoint, this.clientId, refreshToken).toHTTPRequest());
		if (!response.indicatesSuccess()) {
			throw new RefusedException(ErrorObject.parse(response));
		}
	}

	private Tokens tokens(AuthorizationGrant grant) throws CliException, IOException {
		TokenRequest request = new TokenRequest.Builder(this.metadata.getTokenEndpointURI(), this.clientId, grant)
			.build();
		HTTPResponse http = send(request.toHTTPRequest());
		TokenResponse response;
		try {
			response = TokenResponse.parse(http);
		}
		catch (ParseException ex) {
			throw new CliException("Tessera's token answer (HTTP " + http.getStatusCode() + ") could not be read", ex);
		}
		if (!response.indicatesSuccess()) {
			throw new RefusedException(response.toErrorResponse().getErrorObject());
		}
		return response.toSuccessResponse().getTokens();
	}

	/**
	 * Sends with the tool's timeouts and no redirect followed: a {@code 307} would
	 * otherwise re-send the form (refresh token, code and verifier) to wherever it
	 * points.
	 */
	private static HTTPResponse send(HTTPRequest request) throws IOException {
		return Transport.configured(request).send();
	}

	/** Tessera answered with an OAuth error ({@code invalid_grant} and the like). */
	static final class RefusedException extends CliException {

		private static final long serialVersionUID = 1L;

		private final String error;

		RefusedException(ErrorObject error) {
			super("Tessera refused: " + printable(error.getCode())
					+ ((error.getDescription() != null) ? " (" + printable(error.getDescription()) + ")" : "")
					+ ((error.getHTTPStatusCode() > 0) ? ", HTTP " + error.getHTTPStatusCode() : ""));
			this.error = error.getCode();
		}

		/** The OAuth error code, e.g. {@code invalid_grant}. */
		String error() {
			return this.error;
		}

	}

}
