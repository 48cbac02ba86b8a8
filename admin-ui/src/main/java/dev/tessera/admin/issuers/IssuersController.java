package dev.tessera.admin.issuers;

import java.util.List;
import java.util.Map;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.FormProblems;
import dev.tessera.admin.web.ListPage;
import dev.tessera.admin.web.Person;
import dev.tessera.admin.web.ProblemPage;
import tools.jackson.databind.json.JsonMapper;

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
 * Trusted issuers (partner identity providers for the JWT-bearer grant): a searchable
 * list, create, change and delete with a confirmation. Changing them needs
 * {@code admin:clients}, as the admin API requires; the allowed scopes are chosen from
 * the catalogue. The pages that exist only to change something answer "not allowed" to a
 * person without that scope, even when opened directly.
 */
@Controller
public class IssuersController {

	private static final ParameterizedTypeReference<List<TrustedIssuer>> ISSUERS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> SCOPES = new ParameterizedTypeReference<>() {
	};

	/** The scope that changing trusted issuers needs. */
	static final String WRITE = "admin:clients";

	private final AdminApi api;

	private final JsonMapper json;

	public IssuersController(AdminApi api, JsonMapper json) {
		this.api = api;
		this.json = json;
	}

	@GetMapping("/issuers")
	String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "1") int page, Model model) {
		List<TrustedIssuer> issuers = this.api.get("/trusted-issuers", ISSUERS);
		model
			.addAttribute("issuers",
					ListPage.of(issuers, q, issuer -> List.of(issuer.issuer(),
							String.join(" ", issuer.allowedClientIds()), String.join(" ", issuer.allowedScopes())),
							page));
		return "issuers/list";
	}

	@GetMapping("/issuers/new")
	ModelAndView create(Authentication authentication) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		return form(IssuerForm.blank(), null, Map.of(), HttpStatus.OK);
	}

	@PostMapping("/issuers")
	ModelAndView create(@RequestParam Map<String, String> fields,
			@RequestParam(required = false) List<String> allowedScopes, Authentication authentication,
			RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		IssuerForm form = form(fields, allowedScopes);
		Map<String, String> problems = form.problems(this.json);
		if (!problems.isEmpty()) {
			return form(form, null, problems, HttpStatus.BAD_REQUEST);
		}
		TrustedIssuer created;
		try {
			created = this.api.post("/trusted-issuers", form.createBody(this.json), TrustedIssuer.class);
		}
		catch (AdminApiException ex) {
			return refused(ex, form, null);
		}
		redirect.addFlashAttribute("notice", "Now trusting " + created.issuer() + ".");
		redirect.addAttribute("id", created.id());
		return new ModelAndView("redirect:/issuers/{id}");
	}

	@GetMapping("/issuers/{id}")
	ModelAndView edit(@PathVariable String id) {
		TrustedIssuer issuer = this.api.get("/trusted-issuers/{id}", TrustedIssuer.class, id);
		return form(IssuerForm.of(issuer, this.json), issuer, Map.of(), HttpStatus.OK);
	}

	@PostMapping("/issuers/{id}")
	ModelAndView change(@PathVariable String id, @RequestParam Map<String, String> fields,
			@RequestParam(required = false) List<String> allowedScopes, Authentication authentication,
			RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		IssuerForm form = form(fields, allowedScopes);
		TrustedIssuer current = this.api.get("/trusted-issuers/{id}", TrustedIssuer.class, id);
		Map<String, String> problems = form.problems(this.json);
		if (!problems.isEmpty()) {
			return form(form, current, problems, HttpStatus.BAD_REQUEST);
		}
		try {
			this.api.patch("/trusted-issuers/{id}", form.patchBody(this.json), TrustedIssuer.class, id);
		}
		catch (AdminApiException ex) {
			return refused(ex, form, current);
		}
		redirect.addFlashAttribute("notice", "Saved " + form.issuer() + ".");
		// the current request's {id}, encoded as a path segment
		return new ModelAndView("redirect:/issuers/{id}");
	}

	@GetMapping("/issuers/{id}/delete")
	ModelAndView confirmDelete(@PathVariable String id, Authentication authentication) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		return new ModelAndView("issuers/delete", "issuer",
				this.api.get("/trusted-issuers/{id}", TrustedIssuer.class, id));
	}

	@PostMapping("/issuers/{id}/delete")
	ModelAndView delete(@PathVariable String id, Authentication authentication, RedirectAttributes redirect) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		TrustedIssuer issuer = this.api.get("/trusted-issuers/{id}", TrustedIssuer.class, id);
		this.api.delete("/trusted-issuers/{id}", id);
		redirect.addFlashAttribute("notice", "No longer trusting " + issuer.issuer() + ".");
		return new ModelAndView("redirect:/issuers");
	}

	private static IssuerForm form(Map<String, String> fields, List<String> allowedScopes) {
		return new IssuerForm(fields.get("issuer"), fields.get("jwks"), fields.get("jwksUri"), fields.get("audiences"),
				fields.get("allowedClientIds"), allowedScopes, fields.get("maxAssertionLifetimeSeconds"),
				fields.get("subjectPrefix"));
	}

	private ModelAndView refused(AdminApiException ex, IssuerForm form, TrustedIssuer current) {
		return form(form, current, FormProblems.of(ex), HttpStatus.valueOf(ex.status()));
	}

	private ModelAndView form(IssuerForm form, TrustedIssuer current, Map<String, String> errors, HttpStatus status) {
		ModelAndView page = new ModelAndView("issuers/form", status);
		page.addObject("form", form);
		page.addObject("current", current);
		page.addObject("errors", errors);
		page.addObject("scopes",
				this.api.get("/scopes", SCOPES)
					.stream()
					.map(scope -> String.valueOf(scope.get("name")))
					.sorted()
					.toList());
		return page;
	}

}
