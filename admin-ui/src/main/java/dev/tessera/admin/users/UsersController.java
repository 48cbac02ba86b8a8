package dev.tessera.admin.users;

import java.util.List;
import java.util.Map;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.FormProblems;
import dev.tessera.admin.web.ListPage;
import dev.tessera.admin.web.Person;
import dev.tessera.admin.web.ProblemPage;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The people who may sign in (to the console and to Tessera's own sign-in page): a
 * searchable list, create, change (roles, enabled, a new password) and delete with a
 * confirmation. The admin API enforces its rules (password policy, the last
 * administrator); its refusals are shown next to the field they concern. The pages that
 * exist only to change something answer "not allowed" to a person without
 * {@code admin:users}, even when opened directly.
 */
@Controller
public class UsersController {

	private static final ParameterizedTypeReference<List<User>> USERS = new ParameterizedTypeReference<>() {
	};

	/** The scope that changing people needs. */
	static final String WRITE = "admin:users";

	private final AdminApi api;

	public UsersController(AdminApi api) {
		this.api = api;
	}

	@GetMapping("/users")
	String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "1") int page, Model model) {
		List<User> users = this.api.get("/users", USERS);
		model.addAttribute("users",
				ListPage.of(users, q, user -> List.of(user.username(), String.join(" ", user.roles())), page));
		return "users/list";
	}

	@GetMapping("/users/new")
	ModelAndView create(Authentication authentication) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		return form(UserForm.blank(), true);
	}

	@PostMapping("/users")
	ModelAndView create(@RequestParam(defaultValue = "") String username,
			@RequestParam(defaultValue = "") String password, @RequestParam(required = false) List<String> roles,
			@RequestParam(defaultValue = "false") boolean enabled, Authentication authentication,
			RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		UserForm form = new UserForm(username, password, roles, enabled);
		try {
			this.api.post("/users", form.createBody(), User.class);
		}
		catch (AdminApiException ex) {
			return refused(ex, form, true);
		}
		redirect.addFlashAttribute("notice", "Created " + form.username() + ".");
		redirect.addAttribute("username", form.username());
		return new ModelAndView("redirect:/users/{username}");
	}

	@GetMapping("/users/{username}")
	ModelAndView edit(@PathVariable String username) {
		return form(UserForm.of(this.api.get("/users/{username}", User.class, username)), false);
	}

	@PostMapping("/users/{username}")
	ModelAndView change(@PathVariable String username, @RequestParam(defaultValue = "") String password,
			@RequestParam(required = false) List<String> roles, @RequestParam(defaultValue = "false") boolean enabled,
			Authentication authentication, RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		UserForm form = new UserForm(username, password, roles, enabled);
		try {
			this.api.patch("/users/{username}", form.patchBody(), User.class, username);
		}
		catch (AdminApiException ex) {
			return refused(ex, form, false);
		}
		redirect.addFlashAttribute("notice",
				"Saved " + username + (form.password().isEmpty() ? "." : "; the new password applies from now."));
		// the current request's {username}, encoded as a path segment
		return new ModelAndView("redirect:/users/{username}");
	}

	@GetMapping("/users/{username}/delete")
	ModelAndView confirmDelete(@PathVariable String username, Authentication authentication) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		return new ModelAndView("users/delete", "user", this.api.get("/users/{username}", User.class, username));
	}

	@PostMapping("/users/{username}/delete")
	ModelAndView delete(@PathVariable String username, Authentication authentication, RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		try {
			this.api.delete("/users/{username}", username);
		}
		catch (AdminApiException ex) {
			if (!ex.isInputProblem()) {
				throw ex;
			}
			ModelAndView page = new ModelAndView("users/delete", HttpStatus.CONFLICT);
			page.addObject("user", this.api.get("/users/{username}", User.class, username));
			page.addObject("refusal", ex.detail());
			return page;
		}
		redirect.addFlashAttribute("notice", "Deleted " + username + ".");
		return new ModelAndView("redirect:/users");
	}

	private ModelAndView refused(AdminApiException ex, UserForm form, boolean creating) {
		Map<String, String> errors = FormProblems.of(ex);
		ModelAndView page = new ModelAndView("users/form", HttpStatus.valueOf(ex.status()));
		page.addObject("form", form.withoutPassword());
		page.addObject("creating", creating);
		page.addObject("roles", UserForm.ROLES);
		page.addObject("errors", errors);
		return page;
	}

	private static ModelAndView form(UserForm form, boolean creating) {
		ModelAndView page = new ModelAndView("users/form");
		page.addObject("form", form);
		page.addObject("creating", creating);
		page.addObject("roles", UserForm.ROLES);
		page.addObject("errors", Map.of());
		return page;
	}

}
