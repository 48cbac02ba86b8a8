package dev.tessera.auth.token;

import dev.tessera.auth.web.RfcText;
import java.util.List;
import java.util.Optional;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Accepts only tokens that introspection would call active (see {@link TokenVerifier}
 * and {@link TokenActivity}) and that are addressed to this server alone: {@code aud}
 * is exactly the issuer. Admin tokens are always issued that way (see
 * {@link AudienceResolver}), so a token that names any other audience was meant for
 * some other API as well and is not taken here. Used by the admin API, where a revoked
 * or disabled client's token must stop working at once, not when it expires.
 *
 * <p>Every refusal is a {@link BadJwtException} whose message says why; Spring's
 * resource-server support turns it into {@code error="invalid_token"} with that message
 * as {@code error_description}.
 */
public class ActiveAccessTokenDecoder implements JwtDecoder {

	private final TokenVerifier verifier;

	private final TokenActivity activity;

	private final String issuer;

	public ActiveAccessTokenDecoder(TokenVerifier verifier, TokenActivity activity, String issuer) {
		this.verifier = verifier;
		this.activity = activity;
		this.issuer = issuer;
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = this.verifier.verify(token);
		if (jwt == null) {
			throw new BadJwtException(RfcText.description(this.verifier.explain(token)));
		}
		List<String> audience = jwt.getAudience();
		if (audience == null || !audience.equals(List.of(this.issuer))) {
			throw new BadJwtException(RfcText.description("The token's aud " + audience + " is not the issuer "
					+ this.issuer + " alone: the admin API takes only tokens addressed to it, which a client "
					+ "gets by requesting its admin scopes alone, without other scopes"));
		}
		Optional<String> inactive = this.activity.inactiveReason(jwt);
		if (inactive.isPresent()) {
			throw new BadJwtException(RfcText.description(inactive.get()));
		}
		return jwt;
	}

}
