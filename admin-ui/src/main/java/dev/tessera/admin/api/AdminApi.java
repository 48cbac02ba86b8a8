package dev.tessera.admin.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The console's only way to read or change anything: Tessera's admin REST API
 * ({@code <issuer>/admin/api}), called with the signed-in person's own access token. The
 * console holds no database credentials, so it can do no more than the person using it;
 * an answer other than 2xx becomes an {@link AdminApiException} with the API's problem.
 * <p>
 * Paths are relative to {@code /admin/api}, such as {@code "/clients"}; bodies are
 * written and read as JSON.
 */
public class AdminApi {

	private final RestClient rest;

	public AdminApi(RestClient rest) {
		this.rest = rest;
	}

	public <T> T get(String path, Class<T> type) {
		return this.rest.get().uri(path).accept(MediaType.APPLICATION_JSON).retrieve().body(type);
	}

	public <T> T get(String path, ParameterizedTypeReference<T> type) {
		return this.rest.get().uri(path).accept(MediaType.APPLICATION_JSON).retrieve().body(type);
	}

	/** A POST with a JSON body, or with none when {@code body} is {@code null}. */
	public <T> T post(String path, Object body, Class<T> type) {
		RestClient.RequestBodySpec request = this.rest.post().uri(path).accept(MediaType.APPLICATION_JSON);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.retrieve().body(type);
	}

	public <T> T patch(String path, Object body, Class<T> type) {
		return this.rest.patch()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.body(type);
	}

	public void delete(String path) {
		this.rest.delete().uri(path).retrieve().toBodilessEntity();
	}

	/** A file the API serves (an export), as bytes. */
	public byte[] download(String path) {
		return this.rest.get().uri(path).retrieve().body(byte[].class);
	}

}
