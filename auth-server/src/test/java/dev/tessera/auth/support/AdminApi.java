package dev.tessera.auth.support;

import java.net.URI;
import java.net.http.HttpRequest;

/** Calls the admin API over HTTP with a bearer token. */
public final class AdminApi {

	private final Http http;

	private final String baseUrl;

	private final String token;

	public AdminApi(String baseUrl, String token) {
		this.http = new Http(baseUrl);
		this.baseUrl = baseUrl;
		this.token = token;
		LoggedSecrets.record(token);
	}

	public String token() {
		return this.token;
	}

	public Http.Response get(String path) {
		return send("GET", path, null);
	}

	public Http.Response post(String path, String json) {
		return send("POST", path, json);
	}

	public Http.Response patch(String path, String json) {
		return send("PATCH", path, json);
	}

	public Http.Response delete(String path) {
		return send("DELETE", path, null);
	}

	public Http.Response send(String method, String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Accept", "application/json");
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		if (json != null) {
			LoggedSecrets.recordJson(json);
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request);
	}

}
