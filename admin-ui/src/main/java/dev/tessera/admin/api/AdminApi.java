package dev.tessera.admin.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * The console's only way to read or change anything: Tessera's admin REST API
 * ({@code <issuer>/admin/api}), called with the signed-in person's own access token. The
 * console holds no database credentials, so it can do no more than the person using it;
 * an answer other than 2xx becomes an {@link AdminApiException} with the API's problem.
 * <p>
 * Paths are URI templates relative to {@code /admin/api}, such as
 * {@code "/clients/{clientId}"}; every value, whatever it holds ({@code /}, {@code ?},
 * {@code %}, braces), goes in as a template variable or a query parameter, and is encoded
 * as data, so a typed value can never address another resource. Never concatenate a value
 * into a path. Bodies are written and read as JSON.
 */
public class AdminApi {

	private final RestClient rest;

	private final ProblemReader problems;

	AdminApi(RestClient rest, ProblemReader problems) {
		this.rest = rest;
		this.problems = problems;
	}

	public <T> T get(String path, Class<T> type, Object... variables) {
		return this.rest.get().uri(path, variables).accept(MediaType.APPLICATION_JSON).retrieve().body(type);
	}

	public <T> T get(String path, ParameterizedTypeReference<T> type, Object... variables) {
		return this.rest.get().uri(path, variables).accept(MediaType.APPLICATION_JSON).retrieve().body(type);
	}

	/**
	 * A GET with query parameters (each value encoded; null or blank values left out).
	 */
	public <T> T get(String path, Map<String, String> query, Class<T> type) {
		return this.rest.get()
			.uri((uri) -> withQuery(uri.path(path), query))
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.body(type);
	}

	/** A POST with a JSON body, or with none when {@code body} is {@code null}. */
	public <T> T post(String path, Object body, Class<T> type, Object... variables) {
		RestClient.RequestBodySpec request = this.rest.post().uri(path, variables).accept(MediaType.APPLICATION_JSON);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().body(type);
	}

	public <T> T patch(String path, Object body, Class<T> type, Object... variables) {
		return this.rest.patch()
			.uri(path, variables)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(type);
	}

	public void delete(String path, Object... variables) {
		this.rest.delete().uri(path, variables).retrieve().toBodilessEntity();
	}

	/**
	 * Streams a file the API serves (an export) to {@code out} as it arrives, never
	 * holding it whole: exports can span years of trail. {@code headers} receives the
	 * API's response headers (content type, disposition) before the first byte is
	 * written.
	 */
	public void download(String path, Map<String, String> query, Consumer<HttpHeaders> headers, OutputStream out) {
		this.rest.get().uri((uri) -> withQuery(uri.path(path), query)).exchange((request, response) -> {
			if (response.getStatusCode().isError()) {
				throw this.problems.read(response);
			}
			headers.accept(response.getHeaders());
			try {
				response.getBody().transferTo(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return null;
		});
	}

	/**
	 * The query's values as template variables of their own, so that each is encoded
	 * strictly, as data ({@code &}, {@code =}, {@code +}, {@code %} included); blank
	 * values are left out.
	 */
	private static java.net.URI withQuery(UriBuilder uri, Map<String, String> query) {
		Map<String, String> values = new LinkedHashMap<>();
		query.forEach((name, value) -> {
			if (value != null && !value.isBlank()) {
				String variable = "q" + values.size();
				uri.queryParam(name, "{" + variable + "}");
				values.put(variable, value);
			}
		});
		return uri.build(values);
	}

}
