package dev.tessera.auth.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.ForbiddenProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * What a person must be: a username of 1 to 100 characters from
 * {@code A-Z a-z 0-9 . _ @ -} (what fits a URL path, a token's {@code sub} and a log line
 * unescaped), a password the {@link PasswordPolicy} accepts, known {@link Role}s; and who
 * may make them so: a caller may give a role, or change or delete a person holding one,
 * only when its own token holds every scope the role allows. Plain rules, no storage.
 */
public class UserRules {

	public static final int MAX_USERNAME_LENGTH = 100;

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_USERNAME_LENGTH + "}");

	private static final int MAX_ECHOED = 40;

	private final PasswordPolicy passwords;

	public UserRules(PasswordPolicy passwords) {
		this.passwords = passwords;
	}

	/**
	 * Refuses a person who may not be created, naming every field that is wrong.
	 * @return the roles asked for
	 * @throws InvalidInputProblem listing each problem
	 */
	public Set<Role> checkNew(UserDraft draft) {
		List<FieldProblem> problems = new ArrayList<>(usernameProblems(draft.username()));
		problems.addAll(this.passwords.problems(draft.username(), draft.password()));
		Set<Role> roles = roles(draft.roles(), problems);
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
		return roles;
	}

	/**
	 * Refuses a change that may not be made to this person.
	 * @return the roles the person will hold, or null if the patch leaves them
	 * @throws InvalidInputProblem listing each problem
	 */
	public Set<Role> checkPatch(String username, UserPatch patch) {
		List<FieldProblem> problems = new ArrayList<>();
		if (patch.password() != null) {
			problems.addAll(this.passwords.problems(username, patch.password().orElse(null)));
		}
		Set<Role> roles = null;
		if (patch.roles() != null) {
			roles = roles(patch.roles().orElse(null), problems);
		}
		if (patch.enabled() != null && patch.enabled().isEmpty()) {
			problems.add(new FieldProblem("enabled", "must be true or false"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
		return roles;
	}

	/** What is wrong with this username; empty when it may be used. */
	public static List<FieldProblem> usernameProblems(String username) {
		if (username == null || username.isEmpty()) {
			return List.of(new FieldProblem("username", "is required"));
		}
		if (username.length() > MAX_USERNAME_LENGTH) {
			return List.of(new FieldProblem("username", "must have at most " + MAX_USERNAME_LENGTH + " characters"));
		}
		if (!USERNAME.matcher(username).matches()) {
			return List.of(new FieldProblem("username", "may contain only letters A-Z and a-z, digits and . _ @ -"));
		}
		if (username.chars().allMatch(c -> c == '.')) {
			// '.' and '..' are path segments: /admin/api/users/.. could never be reached
			return List.of(new FieldProblem("username", "must not be only dots"));
		}
		return List.of();
	}

	/**
	 * Refuses a caller whose token does not hold every scope each of these roles allows.
	 * @param action what the caller tried, e.g. "give the role" or "change a user holding
	 * the role"
	 * @throws ForbiddenProblem naming the first such role and the scopes missing
	 */
	public static void requireCallerCovers(Collection<Role> roles, Set<String> callerScopes, String action) {
		for (Role role : roles.stream().sorted().toList()) {
			if (!role.isCoveredBy(callerScopes)) {
				Set<String> missing = new TreeSet<>(role.allowedAdminScopes());
				missing.removeAll(callerScopes);
				throw new ForbiddenProblem("Only a caller whose token holds every scope the role " + role
						+ " allows may " + action + " " + role + "; this token lacks " + String.join(", ", missing));
			}
		}
	}

	private static Set<Role> roles(Set<String> names, List<FieldProblem> problems) {
		if (names == null) {
			problems.add(new FieldProblem("roles", "is required: a list of ADMIN, AUDITOR and USER (may be empty)"));
			return EnumSet.noneOf(Role.class);
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		List<String> unknown = new ArrayList<>();
		for (String name : names) {
			Role.named(name).ifPresentOrElse(roles::add, () -> unknown.add(echo(name)));
		}
		if (!unknown.isEmpty()) {
			problems.add(new FieldProblem("roles",
					"unknown role " + unknown.stream().sorted().collect(Collectors.joining(", "))
							+ "; the roles are ADMIN, AUDITOR and USER"));
		}
		return roles;
	}

	private static String echo(String name) {
		if (name == null) {
			return "null";
		}
		String shown = (name.length() > MAX_ECHOED) ? name.substring(0, MAX_ECHOED) + "..." : name;
		return "'" + shown + "'";
	}

}
