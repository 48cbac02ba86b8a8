package dev.tessera.admin.scopes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.FormProblems;
import dev.tessera.admin.web.ListPage;
import dev.tessera.admin.web.Person;
import dev.tessera.admin.web.ProblemPage;
import dev.tessera.admin.web.ScopeChoice;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The scope catalogue's pages: the list, a new scope, a changed description, and delete
 * after a confirmation (the API refuses a scope that a client or trusted issuer still
 * uses, and the confirmation page says so). The scope travels as a request parameter, not
 * a path segment, since a scope name may hold characters a path cannot.
 */
@Controller
@RequestMapping("/scopes")
class ScopesController {

	private static final String WRITE = "admin:clients";

	/** A scope in the admin API, the name a template variable (encoded as data). */
	private static final String SCOPE = "/scopes/{name}";

	private static final ParameterizedTypeReference<List<ScopeChoice>> SCOPES = new ParameterizedTypeReference<>() {
	};

	private final AdminApi api;

	ScopesController(AdminApi api) {
		this.api = api;
	}

	@GetMapping
	String list(@RequestParam(name = "q", required = false) String query,
			@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		model.addAttribute("scopes", ListPage.of(this.api.get("/scopes", SCOPES), query,
				(scope) -> List.of(scope.name(), Objects.toString(scope.description(), "")), page));
		return "scopes/list";
	}

	@GetMapping("/new")
	Object newScope(Authentication authentication, Model model) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		return form(model, "", "", Map.of(), null);
	}

	@PostMapping("/new")
	Object create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
			Model model, RedirectAttributes redirect, HttpServletResponse response) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name.strip());
		body.put("description", description);
		try {
			this.api.post("/scopes", body, ScopeChoice.class);
		}
		catch (AdminApiException ex) {
			response.setStatus(ex.status());
			return form(model, name, description, FormProblems.of(ex), null);
		}
		redirect.addFlashAttribute("notice", "Scope " + name.strip() + " added.");
		return "redirect:/scopes";
	}

	private String form(Model model, String name, String description, Map<String, String> errors, String editing) {
		model.addAttribute("name", name);
		model.addAttribute("description", description);
		model.addAttribute("errors", errors);
		model.addAttribute("editing", editing);
		return "scopes/form";
	}

	@GetMapping("/edit")
	Object edit(@RequestParam String name, Authentication authentication, Model model) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		ScopeChoice scope = find(name);
		return form(model, scope.name(), Objects.toString(scope.description(), ""), Map.of(), scope.name());
	}

	@PostMapping("/edit")
	Object describe(@RequestParam String name, @RequestParam(defaultValue = "") String description, Model model,
			RedirectAttributes redirect, HttpServletResponse response) {
		try {
			this.api.patch(SCOPE, Map.of("description", description), ScopeChoice.class, name);
		}
		catch (AdminApiException ex) {
			response.setStatus(ex.status());
			return form(model, name, description, FormProblems.of(ex), name);
		}
		redirect.addFlashAttribute("notice", "The description of " + name + " is saved.");
		return "redirect:/scopes";
	}

	@GetMapping("/delete")
	Object confirmDelete(@RequestParam String name, Authentication authentication, Model model) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		model.addAttribute("scope", find(name));
		return "scopes/delete";
	}

	@PostMapping("/delete")
	Object delete(@RequestParam String name, Model model, RedirectAttributes redirect, HttpServletResponse response) {
		try {
			this.api.delete(SCOPE, name);
		}
		catch (AdminApiException ex) {
			if (ex.status() != HttpStatus.CONFLICT.value()) {
				throw ex;
			}
			response.setStatus(ex.status());
			model.addAttribute("scope", find(name));
			model.addAttribute("problem", ex.detail());
			return "scopes/delete";
		}
		redirect.addFlashAttribute("notice", "Scope " + name + " deleted.");
		return "redirect:/scopes";
	}

	private ScopeChoice find(String name) {
		return this.api.get("/scopes", SCOPES)
			.stream()
			.filter((scope) -> scope.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AdminApiException(404, "Not Found", "No scope '" + name + "'", Map.of()));
	}

}
