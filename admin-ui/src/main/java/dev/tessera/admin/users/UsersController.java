package dev.tessera.admin.users;

import java.util.List;
import java.util.Map;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.ListPage;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
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
 * administrator); its refusals are shown next to the field they concern.
 */
@Controller
public class UsersController {

	private static final ParameterizedTypeReference<List<User>> USERS = new ParameterizedTypeReference<>() {
	};

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
	String create(Model model) {
		return form(model, UserForm.blank(), true, Map.of());
	}

	@PostMapping("/users")
	ModelAndView create(@RequestParam(defaultValue = "") String username,
			@RequestParam(defaultValue = "") String password, @RequestParam(required = false) List<String> roles,
			@RequestParam(defaultValue = "false") boolean enabled, RedirectAttributes redirect) {
		UserForm form = new UserForm(username, password, roles, enabled);
		try {
			this.api.post("/users", form.createBody(), User.class);
		}
		catch (AdminApiException ex) {
			return refused(ex, form, true);
		}
		redirect.addFlashAttribute("notice", "Created " + form.username() + ".");
		return new ModelAndView("redirect:/users/" + form.username());
	}

	@GetMapping("/users/{username}")
	String edit(@PathVariable String username, Model model) {
		return form(model, UserForm.of(this.api.get("/users/" + username, User.class)), false, Map.of());
	}

	@PostMapping("/users/{username}")
	ModelAndView change(@PathVariable String username, @RequestParam(defaultValue = "") String password,
			@RequestParam(required = false) List<String> roles, @RequestParam(defaultValue = "false") boolean enabled,
			RedirectAttributes redirect) {
		UserForm form = new UserForm(username, password, roles, enabled);
		try {
			this.api.patch("/users/" + username, form.patchBody(), User.class);
		}
		catch (AdminApiException ex) {
			return refused(ex, form, false);
		}
		redirect.addFlashAttribute("notice",
				"Saved " + username + (form.password().isEmpty() ? "." : "; the new password applies from now."));
		return new ModelAndView("redirect:/users/" + username);
	}

	@GetMapping("/users/{username}/delete")
	String confirmDelete(@PathVariable String username, Model model) {
		model.addAttribute("user", this.api.get("/users/" + username, User.class));
		return "users/delete";
	}

	@PostMapping("/users/{username}/delete")
	ModelAndView delete(@PathVariable String username, RedirectAttributes redirect) {
		try {
			this.api.delete("/users/" + username);
		}
		catch (AdminApiException ex) {
			if (!ex.isInputProblem()) {
				throw ex;
			}
			ModelAndView page = new ModelAndView("users/delete", HttpStatus.CONFLICT);
			page.addObject("user", this.api.get("/users/" + username, User.class));
			page.addObject("refusal", ex.detail());
			return page;
		}
		redirect.addFlashAttribute("notice", "Deleted " + username + ".");
		return new ModelAndView("redirect:/users");
	}

	private ModelAndView refused(AdminApiException ex, UserForm form, boolean creating) {
		if (!ex.isInputProblem()) {
			throw ex;
		}
		ModelAndView page = new ModelAndView("users/form", HttpStatus.valueOf(ex.status()));
		page.addObject("form", form.withoutPassword());
		page.addObject("creating", creating);
		page.addObject("roles", UserForm.ROLES);
		page.addObject("errors", ex.fieldErrors());
		page.addObject("refusal", ex.fieldErrors().isEmpty() ? ex.detail() : null);
		return page;
	}

	private static String form(Model model, UserForm form, boolean creating, Map<String, String> errors) {
		model.addAttribute("form", form);
		model.addAttribute("creating", creating);
		model.addAttribute("roles", UserForm.ROLES);
		model.addAttribute("errors", errors);
		return "users/form";
	}

}
