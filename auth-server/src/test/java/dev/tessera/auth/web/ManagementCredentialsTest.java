package dev.tessera.auth.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With management credentials set, metrics need them over HTTP Basic while the health
 * probes stay open, and a wrong password is refused like none.
 */
class ManagementCredentialsTest {

	private static final String PASSWORD = "p9Zr2LxQ7vN4kT1wYs8bHc3m";

	private static Node node;

	private static String management;

	@BeforeAll
	static void start() {
		node = Node.start(TestDatabase.get().createDatabase(), "--tessera.management.username=prometheus",
				"--tessera.management.password=" + PASSWORD);
		management = "http://127.0.0.1:" + node.bean(Environment.class).getProperty("local.management.port");
	}

	@AfterAll
	static void stop() {
		node.close();
	}

	@Test
	void metricsNeedTheCredentialsAndHealthDoesNot() throws Exception {
		assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/prometheus", Http.basic("prometheus", "wrong-" + PASSWORD)).statusCode())
			.isEqualTo(401);
		HttpResponse<String> metrics = get("/actuator/prometheus", Http.basic("prometheus", PASSWORD));
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_");
		assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
	}

	private static HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(management + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
