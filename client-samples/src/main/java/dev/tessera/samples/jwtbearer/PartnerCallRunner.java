package dev.tessera.samples.jwtbearer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * What the sample does once started: calls the API for the configured subject
 * {@code sample.calls} times and logs each answer. The first call gets a token (one
 * assertion, one token request); the others reuse it. Only the answers are logged, never
 * a token, an assertion or a secret.
 */
class PartnerCallRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(PartnerCallRunner.class);

	private final CallProperties calls;

	private final PartnerApiClient api;

	PartnerCallRunner(CallProperties calls, PartnerApiClient api) {
		this.calls = calls;
		this.api = api;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (int call = 1; call <= this.calls.calls(); call++) {
			PartnerApiClient.Hello answer = this.api.hello(this.calls.subject());
			logger.info("Call " + call + " for subject " + this.calls.subject() + ": the API saw sub=" + answer.sub()
					+ " client_id=" + answer.clientId() + " (\"" + answer.message() + "\")");
		}
	}

}
