package dev.tessera.samples.clientcredentials;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * The service's work: calls the API {@code sample.calls} times,
 * {@code sample.call-interval} apart, and logs each answer. Only the answer and, on
 * failure, the OAuth error code or HTTP status are logged: never the token, the secret or
 * the assertion. A failed call is logged and the next one is made as planned, as a
 * service riding out a short outage would; the process then exits with status 1.
 */
@Component
class HelloCaller implements ApplicationRunner, ExitCodeGenerator {

	private static final Log logger = LogFactory.getLog(HelloCaller.class);

	private final HelloApiClient api;

	private final ClientCredentialsProperties properties;

	private int failures;

	HelloCaller(HelloApiClient api, ClientCredentialsProperties properties) {
		this.api = api;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		int calls = this.properties.calls();
		for (int call = 1; calls < 0 || call <= calls; call++) {
			if (call > 1) {
				Thread.sleep(this.properties.callInterval().toMillis());
			}
			try {
				HelloApiClient.Hello hello = this.api.hello();
				logger.info("Call " + call + ": " + hello.message() + " (client_id=" + hello.clientId() + ", sub="
						+ hello.sub() + ")");
			}
			catch (OAuth2AuthorizationException ex) {
				this.failures++;
				logger.warn("Call " + call + ": no token from Tessera: " + ex.getError().getErrorCode()
						+ ((ex.getError().getDescription() != null) ? " (" + ex.getError().getDescription() + ")"
								: ""));
			}
			catch (RestClientException ex) {
				this.failures++;
				logger.warn("Call " + call + ": the API call failed: " + ex.getMessage());
			}
		}
	}

	/** 1 when a call failed, for {@code SpringApplication.exit}. */
	@Override
	public int getExitCode() {
		return (this.failures > 0) ? 1 : 0;
	}

}
