package dev.tessera.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of a load phase, as the bytes {@link Http1Connection} sends: method, target
 * node and path, headers, and a body (empty for a GET).
 */
record LoadRequest(URI uri, String method, Map<String, String> headers, String body) {

	static LoadRequest get(URI uri) {
		return new LoadRequest(uri, "GET", Map.of(), "");
	}

	static LoadRequest postForm(URI uri, Map<String, String> headers, String form) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", HttpForms.FORM);
		return new LoadRequest(uri, "POST", all, form);
	}

	/**
	 * The HTTP/1.1 request: request line, {@code Host}, headers, {@code Content-Length},
	 * body.
	 */
	byte[] encode() {
		byte[] content = this.body.getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder(256 + content.length);
		String path = (this.uri.getRawPath() == null || this.uri.getRawPath().isEmpty()) ? "/" : this.uri.getRawPath();
		head.append(this.method).append(' ').append(path).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(this.uri.getHost()).append(':').append(this.uri.getPort()).append("\r\n");
		this.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (!"GET".equals(this.method)) {
			head.append("Content-Length: ").append(content.length).append("\r\n");
		}
		head.append("\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		byte[] request = new byte[headBytes.length + content.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(content, 0, request, headBytes.length, content.length);
		return request;
	}

}
