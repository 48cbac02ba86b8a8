package dev.tessera.samples.resourceserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The write endpoint, there to show a second scope ({@code sample:write}, see
 * {@link ApiSecurityConfiguration}): accepts a message and answers what it accepted and
 * for whom. It keeps nothing; a real API would store the message with the caller's
 * {@code client_id} (and {@code sub}) taken from the validated token, never from the
 * body.
 */
@RestController
class MessagesController {

	static final int MAX_LENGTH = 280;

	@PostMapping("/api/messages")
	ResponseEntity<?> post(@RequestBody Map<String, Object> message, @AuthenticationPrincipal Jwt jwt) {
		if (!(message.get("text") instanceof String text) || !StringUtils.hasText(text) || text.length() > MAX_LENGTH) {
			return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"text must be a non-empty string of at most " + MAX_LENGTH + " characters"))
				.build();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", UUID.randomUUID().toString());
		body.put("text", text);
		body.put("client_id", jwt.getClaimAsString("client_id"));
		body.put("sub", jwt.getSubject());
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

}
