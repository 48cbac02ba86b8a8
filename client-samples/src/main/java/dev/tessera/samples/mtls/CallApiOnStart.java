package dev.tessera.samples.mtls;

import java.time.temporal.ChronoUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.stereotype.Component;

/**
 * What the sample does when run: calls the API {@code calls} times, {@code interval}
 * apart, and logs each answer and until when the access token it used is valid (the same
 * token each time until it nears its expiry). The token itself is never logged: whoever
 * reads it could use it until it expires (bound tokens only with the client's key, but
 * logs travel further than keys).
 */
@Component
class CallApiOnStart implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(CallApiOnStart.class);

	private final HelloApiClient api;

	private final OAuth2AuthorizedClientService authorizedClients;

	private final MtlsClientProperties properties;

	CallApiOnStart(HelloApiClient api, OAuth2AuthorizedClientService authorizedClients,
			MtlsClientProperties properties) {
		this.api = api;
		this.authorizedClients = authorizedClients;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		for (int call = 1; call <= this.properties.calls(); call++) {
			if (call > 1) {
				Thread.sleep(this.properties.interval().toMillis());
			}
			HelloApiClient.Hello hello = this.api.hello();
			logger.info("Call " + call + " of " + this.properties.calls() + ": the API answered \"" + hello.message()
					+ "\" to client_id=" + hello.clientId() + ", sub=" + hello.sub() + " (access token valid until "
					+ tokenExpiry() + ")");
		}
	}

	private Object tokenExpiry() {
		OAuth2AuthorizedClient client = this.authorizedClients.loadAuthorizedClient(
				MtlsClientConfiguration.REGISTRATION_ID, MtlsClientConfiguration.principal(this.properties).getName());
		return (client != null) ? client.getAccessToken().getExpiresAt().truncatedTo(ChronoUnit.SECONDS) : "unknown";
	}

}
