package dev.tessera.samples.jwtbearer;

import dev.tessera.samples.oauth2.HttpsOrLoopback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * What the sample does when it runs, bound from {@code sample.*} in
 * {@code jwt-bearer.yml} (which reads {@code SAMPLE_API_URL}, {@code PARTNER_SUBJECT} and
 * {@code PARTNER_CALLS}).
 *
 * @param apiUrl the protected API's base URL (the resource server sample): {@code https},
 * or {@code http} to a loopback host only, since the tokens travel to it
 * @param subject the partner's user (or system) the calls are made for: the {@code sub}
 * of the assertions
 * @param calls how many times to call the API for that subject; from the second call on
 * the cached token is used
 */
@ConfigurationProperties("sample")
public record CallProperties(String apiUrl, String subject, int calls) {

	public CallProperties {
		HttpsOrLoopback.check("sample.api-url (SAMPLE_API_URL)", apiUrl);
		Assert.isTrue(calls >= 0, "sample.calls (PARTNER_CALLS) must not be negative");
		Assert.isTrue(calls == 0 || (subject != null && !subject.isBlank()),
				"sample.subject (PARTNER_SUBJECT) must be set");
	}

}
