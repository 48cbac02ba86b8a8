package dev.tessera.samples.mtls;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * What this is for: Spring Security's {@code RestClient} token clients refuse a
 * registration whose method is not {@code client_secret_basic},
 * {@code client_secret_post} or {@code none} ({@code tls_client_auth} included) unless a
 * parameters converter is set, and setting any converter turns that check off. This
 * converter is the one set
 * ({@code setParametersConverter(new TlsClientAuthParametersConverter())}), and it puts a
 * narrower check back: it refuses every method but {@code tls_client_auth}, so a
 * registration changed by mistake (to a secret method with no secret, say) fails here
 * instead of sending a request that authenticates nothing.
 * <p>
 * Its parameters are added to Spring's defaults, which already hold {@code grant_type},
 * {@code scope} and, for every method but {@code client_secret_basic}, the
 * {@code client_id} that RFC 8705 §2 asks for; it sets {@code client_id} again only so
 * that the request does not depend on that default. No secret: the TLS handshake's client
 * certificate is the credential.
 */
public class TlsClientAuthParametersConverter
		implements Converter<OAuth2ClientCredentialsGrantRequest, MultiValueMap<String, String>> {

	@Override
	public MultiValueMap<String, String> convert(OAuth2ClientCredentialsGrantRequest request) {
		ClientRegistration registration = request.getClientRegistration();
		if (!ClientAuthenticationMethod.TLS_CLIENT_AUTH.equals(registration.getClientAuthenticationMethod())) {
			throw new IllegalArgumentException("Client registration '" + registration.getRegistrationId() + "' uses "
					+ registration.getClientAuthenticationMethod().getValue() + ", not tls_client_auth");
		}
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.set(OAuth2ParameterNames.CLIENT_ID, registration.getClientId());
		return parameters;
	}

}
