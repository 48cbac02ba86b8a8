package dev.tessera.samples.clientcredentials;

import java.nio.file.Path;
import java.time.Duration;

import dev.tessera.samples.oauth2.HttpsOrLoopback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This sample's own settings ({@code sample.*} in {@code client-credentials.yml}): what
 * Spring Boot's {@code spring.security.oauth2.client.*} properties have no place for.
 * Nothing secret: the private key is named by its file's path, and the client secret is a
 * Spring Boot property of the registration. The issuer (whose token endpoint gets the
 * credentials) and the API URL must be https, or http to loopback only.
 *
 * @param issuer Tessera's issuer identifier, exactly as in its tokens' {@code iss}; a
 * {@code private_key_jwt} assertion's {@code aud}
 * @param apiUrl the protected API's base URL
 * @param renewBefore how long before its expiry a cached token is replaced by a new one,
 * so no call goes out with a token that expires on the way
 * @param privateKeyFile for {@code private_key_jwt}: the PEM file holding the client's
 * RSA private key
 * @param keyId for {@code private_key_jwt}: the {@code kid} of that key in the client's
 * registered key set; empty when it has none
 * @param calls how many API calls the service makes before it stops; negative: until it
 * is stopped
 * @param callInterval the pause between two calls
 */
@ConfigurationProperties("sample")
public record ClientCredentialsProperties(String issuer, String apiUrl, @DefaultValue("60s") Duration renewBefore,
		Path privateKeyFile, String keyId, @DefaultValue("5") int calls, @DefaultValue("10s") Duration callInterval) {

	/** The registration id under {@code spring.security.oauth2.client.registration}. */
	public static final String REGISTRATION_ID = "tessera";

	public ClientCredentialsProperties {
		HttpsOrLoopback.check("sample.issuer (TESSERA_ISSUER)", issuer);
		HttpsOrLoopback.check("sample.api-url (SAMPLE_API_URL)", apiUrl);
	}

}
