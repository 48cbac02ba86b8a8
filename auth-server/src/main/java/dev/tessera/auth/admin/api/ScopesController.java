package dev.tessera.auth.admin.api;

import java.net.URI;
import java.util.List;

import dev.tessera.auth.scope.ScopeCatalogue;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/api/scopes}: the scope catalogue. */
@RestController
@RequestMapping(path = "/admin/api/scopes", produces = "application/json")
public class ScopesController {

	private final ScopeCatalogue catalogue;

	public ScopesController(ScopeCatalogue catalogue) {
		this.catalogue = catalogue;
	}

	@GetMapping
	public List<ScopeResponse> list() {
		return this.catalogue.list().stream().map(ScopeResponse::of).toList();
	}

	@PostMapping(consumes = "application/json")
	public ResponseEntity<ScopeResponse> create(@RequestBody ScopeRequest request) {
		ScopeResponse created = ScopeResponse.of(this.catalogue.create(request.name(), request.description()));
		return ResponseEntity.created(URI.create("/admin/api/scopes/" + created.name())).body(created);
	}

	/** Changes the description; the name, the scope's identity, stays. */
	@PatchMapping(path = "/{name}", consumes = { "application/json", "application/merge-patch+json" })
	public ScopeResponse describe(@PathVariable String name, @RequestBody ScopePatchRequest request) {
		return ScopeResponse.of(this.catalogue.describe(name, request.description()));
	}

	@DeleteMapping("/{name}")
	public ResponseEntity<Void> delete(@PathVariable String name) {
		this.catalogue.delete(name);
		return ResponseEntity.noContent().build();
	}

}
