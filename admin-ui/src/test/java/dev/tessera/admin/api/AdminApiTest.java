package dev.tessera.admin.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the admin API sees of the console's calls: values typed by a person go in as data
 * (encoded), never as path or query syntax; problems come back as exceptions; exports
 * stream.
 */
class AdminApiTest {

	private final List<String> requested = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private AdminApi api;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requested.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
			String path = exchange.getRequestURI().getRawPath();
			byte[] body;
			if (path.endsWith("/missing")) {
				body = "{\"title\":\"Not found\",\"status\":404,\"detail\":\"No such client\"}"
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
				exchange.sendResponseHeaders(404, body.length);
			}
			else if (path.endsWith("/invalid")) {
				body = ("{\"title\":\"Invalid request\",\"status\":400,\"errors\":[{\"field\":\"name\",\"message\":\"must not be blank\"}]}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
				exchange.sendResponseHeaders(400, body.length);
			}
			else if (path.endsWith("/export")) {
				body = "line 1\nline 2\n".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "text/csv");
				exchange.sendResponseHeaders(200, 0);
			}
			else {
				body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
			}
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
		JsonMapper json = JsonMapper.builder().build();
		ProblemReader problems = new ProblemReader(json);
		RestClient rest = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort() + "/admin/api")
			.defaultStatusHandler((status) -> status.isError(), (request, response) -> {
				throw problems.read(response);
			})
			.build();
		this.api = new AdminApi(rest, problems);
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void pathValuesAreDataNotSyntax() {
		this.api.get("/users/{username}", Map.class, "admin?x=1/../clients#{y}%2F");
		this.api.delete("/clients/{clientId}", "a/b");

		assertThat(this.requested).containsExactly("/admin/api/users/admin%3Fx%3D1%2F..%2Fclients%23%7By%7D%252F?null",
				"/admin/api/clients/a%2Fb?null");
	}

	@Test
	void queryValuesAreDataNotSyntax() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("clientId", "a&b=c+d %");
		query.put("principal", "  ");
		query.put("limit", "50");

		this.api.get("/audit", query, Map.class);

		assertThat(this.requested).containsExactly("/admin/api/audit?clientId=a%26b%3Dc%2Bd%20%25&limit=50");
	}

	@Test
	void problemsBecomeExceptionsWithTheirFields() {
		assertThatExceptionOfType(AdminApiException.class).isThrownBy(() -> this.api.get("/clients/missing", Map.class))
			.satisfies((ex) -> {
				assertThat(ex.status()).isEqualTo(404);
				assertThat(ex.detail()).isEqualTo("No such client");
			});
		assertThatExceptionOfType(AdminApiException.class)
			.isThrownBy(() -> this.api.post("/clients/invalid", Map.of("name", ""), Map.class))
			.satisfies((ex) -> {
				assertThat(ex.isInputProblem()).isTrue();
				assertThat(ex.fieldErrors()).containsEntry("name", "must not be blank");
			});
	}

	@Test
	void exportsStreamAndRefusalsComeBeforeAnyByte() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<String> contentTypes = new CopyOnWriteArrayList<>();

		this.api.download("/audit/export", Map.of("format", "csv"),
				(headers) -> contentTypes.add(String.valueOf(headers.getContentType())), out);

		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\n");
		assertThat(contentTypes).containsExactly("text/csv");
		ByteArrayOutputStream none = new ByteArrayOutputStream();
		assertThatExceptionOfType(AdminApiException.class)
			.isThrownBy(() -> this.api.download("/audit/missing", Map.of(), (headers) -> {
				throw new AssertionError("no headers for a refusal");
			}, none));
		assertThat(none.size()).isZero();
	}

}
