package dev.tessera.samples.mtls;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The client authentication part of a token request for {@code tls_client_auth} (RFC 8705
 * §2): the {@code client_id} in the form body and no secret; the TLS handshake's client
 * certificate is the credential.
 * <p>
 * Spring Security's {@code RestClient} token clients refuse every authentication method
 * but {@code client_secret_basic}, {@code client_secret_post} and {@code none} unless a
 * parameters converter is set; set with
 * {@code setParametersConverter(new TlsClientAuthParametersConverter())}, this one is
 * added to Spring's default parameters ({@code grant_type}, {@code scope}) and refuses
 * any other method, so a registration changed by mistake fails here instead of sending an
 * unauthenticated request.
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
