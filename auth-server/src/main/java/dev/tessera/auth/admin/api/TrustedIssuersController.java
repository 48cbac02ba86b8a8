package dev.tessera.auth.admin.api;

import java.net.URI;
import java.util.List;

import dev.tessera.auth.trust.TrustedIssuerAdministration;
import dev.tessera.auth.trust.TrustedIssuerRegistration;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/api/trusted-issuers}: register, read, change and remove the partner
 * identity providers whose assertions the JWT-bearer grant exchanges. The {@code {id}} is
 * taken as text, so an id that is not a UUID is a 404 like any unknown one.
 */
@RestController
@RequestMapping(path = "/admin/api/trusted-issuers", produces = "application/json")
public class TrustedIssuersController {

	private final TrustedIssuerAdministration issuers;

	public TrustedIssuersController(TrustedIssuerAdministration issuers) {
		this.issuers = issuers;
	}

	@PostMapping(consumes = "application/json")
	public ResponseEntity<TrustedIssuerResponse> create(@RequestBody TrustedIssuerRequest request) {
		TrustedIssuerRegistration created = this.issuers.create(request.toDraft());
		return ResponseEntity.created(URI.create("/admin/api/trusted-issuers/" + created.getId()))
			.body(TrustedIssuerResponse.of(created));
	}

	@GetMapping
	public List<TrustedIssuerResponse> list() {
		return this.issuers.list().stream().map(TrustedIssuerResponse::of).toList();
	}

	@GetMapping("/{id}")
	public TrustedIssuerResponse get(@PathVariable String id) {
		return TrustedIssuerResponse.of(this.issuers.get(id));
	}

	@PatchMapping(path = "/{id}", consumes = { "application/json", "application/merge-patch+json" })
	public TrustedIssuerResponse update(@PathVariable String id, @RequestBody TrustedIssuerPatchRequest request) {
		return TrustedIssuerResponse.of(this.issuers.update(id, request.toPatch()));
	}

	@DeleteMapping("/{id}")
	public ResponseEntity<Void> delete(@PathVariable String id) {
		this.issuers.delete(id);
		return ResponseEntity.noContent().build();
	}

}
