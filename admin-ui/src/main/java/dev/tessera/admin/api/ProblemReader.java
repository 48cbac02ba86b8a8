package dev.tessera.admin.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Turns an error answer of the admin API into an {@link AdminApiException}: the problem
 * JSON when there is one, else the bare status (a proxy's HTML error page, say), so that
 * a page never shows a raw body.
 */
final class ProblemReader {

	private static final int MAX_BODY = 64 * 1024;

	private final JsonMapper json;

	ProblemReader(JsonMapper json) {
		this.json = json;
	}

	AdminApiException read(ClientHttpResponse response) throws IOException {
		int status = response.getStatusCode().value();
		String fallbackTitle = reasonPhrase(status);
		JsonNode problem = parse(response);
		if (problem == null || !problem.isObject()) {
			return new AdminApiException(status, fallbackTitle, null, Map.of());
		}
		String title = text(problem, "title");
		String detail = text(problem, "detail");
		Map<String, String> fields = new LinkedHashMap<>();
		JsonNode errors = problem.get("errors");
		if (errors != null && errors.isArray()) {
			for (JsonNode error : errors) {
				String field = text(error, "field");
				String message = text(error, "message");
				if (field != null && message != null) {
					fields.merge(field, message, (a, b) -> a + "; " + b);
				}
			}
		}
		return new AdminApiException(status, (title != null) ? title : fallbackTitle, detail, fields);
	}

	private JsonNode parse(ClientHttpResponse response) {
		try (InputStream body = response.getBody()) {
			byte[] bytes = body.readNBytes(MAX_BODY);
			return (bytes.length == 0) ? null : this.json.readTree(bytes);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static String reasonPhrase(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "HTTP " + status;
	}

}
