package dev.tessera.auth.admin.api;

import java.util.List;

import dev.tessera.auth.key.KeyRotation;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/api/keys}: the signing keys, an immediate rotation, a revocation. */
@RestController
@RequestMapping(path = "/admin/api/keys", produces = "application/json")
public class KeysController {

	private final KeyRotation rotation;

	public KeysController(KeyRotation rotation) {
		this.rotation = rotation;
	}

	@GetMapping
	public List<KeyResponse> list() {
		return this.rotation.list().stream().map(KeyResponse::of).toList();
	}

	/** The new signing key. */
	@PostMapping("/rotate")
	public KeyResponse rotate(Authentication caller) {
		return KeyResponse.of(this.rotation.rotateNow(caller.getName()));
	}

	/** The revoked key. */
	@PostMapping("/{kid}/revoke")
	public KeyResponse revoke(@PathVariable String kid, Authentication caller) {
		return KeyResponse.of(this.rotation.revoke(kid, caller.getName()));
	}

}
