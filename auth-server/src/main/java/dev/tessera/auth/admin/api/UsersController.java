package dev.tessera.auth.admin.api;

import java.net.URI;
import java.util.List;

import dev.tessera.auth.user.UserAdministration;

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
 * {@code /admin/api/users}: create, read, change and delete the people who sign in. A
 * password goes in, never out. Which roles a caller may give, and whom it may change, is
 * decided by {@link UserAdministration} from the scopes of the caller's own token.
 */
@RestController
@RequestMapping(path = "/admin/api/users", produces = "application/json")
public class UsersController {

	private final UserAdministration users;

	public UsersController(UserAdministration users) {
		this.users = users;
	}

	@PostMapping(consumes = "application/json")
	public ResponseEntity<UserResponse> create(@RequestBody UserRequest request, Authentication caller) {
		UserResponse created = UserResponse.of(this.users.create(request.toDraft(), CallerScopes.of(caller)));
		return ResponseEntity.created(URI.create("/admin/api/users/" + created.username())).body(created);
	}

	@GetMapping
	public List<UserResponse> list() {
		return this.users.list().stream().map(UserResponse::of).toList();
	}

	@GetMapping("/{username}")
	public UserResponse get(@PathVariable String username) {
		return UserResponse.of(this.users.get(username));
	}

	@PatchMapping(path = "/{username}", consumes = { "application/json", "application/merge-patch+json" })
	public UserResponse update(@PathVariable String username, @RequestBody UserPatchRequest request,
			Authentication caller) {
		return UserResponse.of(this.users.update(username, request.toPatch(), CallerScopes.of(caller)));
	}

	@DeleteMapping("/{username}")
	public ResponseEntity<Void> delete(@PathVariable String username, Authentication caller) {
		this.users.delete(username, CallerScopes.of(caller));
		return ResponseEntity.noContent().build();
	}

}
