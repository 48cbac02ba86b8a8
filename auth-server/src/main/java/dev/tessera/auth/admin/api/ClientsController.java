package dev.tessera.auth.admin.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.tessera.auth.client.ClientAdministration;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.problem.InvalidInputProblem;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/api/clients}: register, read, change, delete clients and rotate their
 * secrets.
 */
@RestController
@RequestMapping(path = "/admin/api/clients", produces = "application/json")
public class ClientsController {

	private final ClientAdministration clients;

	public ClientsController(ClientAdministration clients) {
		this.clients = clients;
	}

	@PostMapping(consumes = "application/json")
	public ResponseEntity<ClientResponse> create(@RequestBody ClientRequest request, Authentication caller) {
		ClientAdministration.Registered registered = this.clients.create(request.toDraft(), CallerScopes.of(caller));
		IssuedSecret secret = registered.secret().clientSecret() != null ? registered.secret() : null;
		return ResponseEntity.created(URI.create("/admin/api/clients/" + registered.client().getClientId()))
			.header("Cache-Control", "no-store")
			.header("Pragma", "no-cache")
			.body(ClientResponse.of(registered.client(), secret));
	}

	@GetMapping
	public List<ClientResponse> list() {
		return this.clients.list().stream().map(ClientResponse::of).toList();
	}

	@GetMapping("/{clientId}")
	public ClientResponse get(@PathVariable String clientId) {
		return ClientResponse.of(this.clients.get(clientId));
	}

	/**
	 * Changes the client. When the change turns secret authentication (back) on, the
	 * response carries the new secret this once, as at registration.
	 */
	@PatchMapping(path = "/{clientId}", consumes = { "application/json", "application/merge-patch+json" })
	public ResponseEntity<ClientResponse> update(@PathVariable String clientId, @RequestBody ClientPatchRequest request,
			Authentication caller) {
		ClientAdministration.Updated updated = this.clients.update(clientId, request.toPatch(),
				CallerScopes.of(caller));
		return ResponseEntity.ok()
			.header("Cache-Control", "no-store")
			.header("Pragma", "no-cache")
			.body(ClientResponse.of(updated.client(), updated.secret()));
	}

	@DeleteMapping("/{clientId}")
	public ResponseEntity<Void> delete(@PathVariable String clientId, Authentication caller) {
		this.clients.delete(clientId, CallerScopes.of(caller));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{clientId}/secret")
	public ResponseEntity<SecretResponse> rotateSecret(@PathVariable String clientId,
			@RequestBody(required = false) SecretRotationRequest request, Authentication caller) {
		int grace = (request != null && request.graceSeconds() != null) ? request.graceSeconds() : 0;
		if (grace < 0 || grace > SecretRotationRequest.MAX_GRACE_SECONDS) {
			throw new InvalidInputProblem("graceSeconds",
					"must be between 0 and " + SecretRotationRequest.MAX_GRACE_SECONDS);
		}
		IssuedSecret issued = this.clients.rotateSecret(clientId, Duration.ofSeconds(grace), CallerScopes.of(caller));
		return ResponseEntity.ok()
			.header("Cache-Control", "no-store")
			.header("Pragma", "no-cache")
			.body(new SecretResponse(issued.clientId(), issued.clientSecret(), issued.expiresAt()));
	}

}
