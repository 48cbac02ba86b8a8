package dev.tessera.samples.resourceserver;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The protected endpoint: echoes who called, from the already-validated token, so a
 * client can see what the resource server saw.
 */
@RestController
class HelloController {

	@GetMapping("/api/hello")
	Map<String, Object> hello(@AuthenticationPrincipal Jwt jwt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", "Hello from the Tessera resource server sample");
		body.put("client_id", jwt.getClaimAsString("client_id"));
		body.put("sub", jwt.getSubject());
		return body;
	}

}
