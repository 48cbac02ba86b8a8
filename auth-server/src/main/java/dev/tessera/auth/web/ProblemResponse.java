package dev.tessera.auth.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

/** Writes an RFC 9457 problem ({@code application/problem+json}) outside Spring MVC. */
public final class ProblemResponse {

	private ProblemResponse() {
	}

	public static void write(HttpServletResponse response, int status, String detail) throws IOException {
		HttpStatus known = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", detail);
		response.setContentType("application/problem+json");
		response.getOutputStream().write(JSONObjectUtils.toJSONString(problem).getBytes(StandardCharsets.UTF_8));
	}

}
