package dev.tessera.admin.signin;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.tessera.admin.config.TesseraProperties;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;

/**
 * The console's one client registration at Tessera ({@value #REGISTRATION_ID}), built
 * from configuration without calling the authorization server: its endpoints are the
 * contract's fixed paths under the issuer, so the console starts even while the server is
 * still starting. The credentials are looked up on use ({@link ConsoleCredentials}), and
 * an unconfigured console answers the sign-in page with what to set instead of a failure.
 * <p>
 * The console asks for every admin scope; the authorization server grants only those the
 * person's role allows, so the token, not the page, limits what a person can do.
 * Authorization code with PKCE, although the console is a confidential client.
 */
public class ConsoleClientRegistrations implements ClientRegistrationRepository {

	/** The registration id, also the last segment of the redirect URI. */
	public static final String REGISTRATION_ID = "tessera";

	/** The admin scopes of the contract. */
	public static final List<String> ADMIN_SCOPES = List.of("admin:clients", "admin:keys", "admin:users", "admin:read",
			"audit:read");

	private final TesseraProperties properties;

	private final ConsoleCredentials credentials;

	private final AtomicReference<ClientRegistration> built = new AtomicReference<>();

	public ConsoleClientRegistrations(TesseraProperties properties, ConsoleCredentials credentials) {
		this.properties = properties;
		this.credentials = credentials;
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		if (!REGISTRATION_ID.equals(registrationId)) {
			return null;
		}
		ClientRegistration registration = this.built.get();
		if (registration != null) {
			return registration;
		}
		return this.credentials.current().map(this::build).map(built -> {
			this.built.compareAndSet(null, built);
			return this.built.get();
		}).orElse(null);
	}

	/** Whether the console can sign anyone in yet. */
	public boolean isConfigured() {
		return findByRegistrationId(REGISTRATION_ID) != null;
	}

	private ClientRegistration build(ConsoleCredentials.Credentials credentials) {
		String issuer = withoutTrailingSlash(this.properties.issuer());
		String console = withoutTrailingSlash(this.properties.console().url());
		List<String> scopes = new java.util.ArrayList<>(List.of("openid", "profile"));
		scopes.addAll(ADMIN_SCOPES);
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId(credentials.clientId())
			.clientSecret(credentials.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.redirectUri(console + "/login/oauth2/code/" + REGISTRATION_ID)
			.scope(scopes)
			.issuerUri(issuer)
			.authorizationUri(issuer + "/oauth2/authorize")
			.tokenUri(issuer + "/oauth2/token")
			.jwkSetUri(issuer + "/oauth2/jwks")
			.userNameAttributeName(IdTokenClaimNames.SUB)
			.providerConfigurationMetadata(Map.of("end_session_endpoint", issuer + "/connect/logout"))
			.clientName("Tessera")
			.build();
	}

	public static String withoutTrailingSlash(URI uri) {
		String text = uri.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
