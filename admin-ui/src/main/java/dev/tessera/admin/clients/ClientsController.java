package dev.tessera.admin.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.FormProblems;
import dev.tessera.admin.web.ListPage;
import dev.tessera.admin.web.OneUseForms;
import dev.tessera.admin.web.Person;
import dev.tessera.admin.web.ProblemPage;
import dev.tessera.admin.web.ScopeChoice;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The clients pages: the list, the "new client" form that nudges least privilege (a
 * confirmation step when it warns), the secret shown once on the response that created
 * it, the details with tokens per day, and the changes (rotate the secret, enable or
 * disable, scopes and lifetime, a certificate client's identity and token binding, delete
 * after a confirmation). Every change goes to the admin API with the person's token; the
 * forms appear only to people holding {@code admin:clients}, and a change posted without
 * it is refused by the API (the console does not pre-empt it, so the refusal is the
 * server's).
 */
@Controller
@RequestMapping("/clients")
class ClientsController {

	static final String WRITE = "admin:clients";

	/** A client in the admin API, the id a template variable (encoded as data). */
	static final String CLIENT = "/clients/{clientId}";

	private static final ParameterizedTypeReference<List<ClientView>> CLIENTS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<ScopeChoice>> SCOPES = new ParameterizedTypeReference<>() {
	};

	static final String ALREADY_SENT = "This form was already sent or has expired (a reloaded page sends it "
			+ "twice), so no client was created now. Check the clients list before sending it again.";

	/** Grace periods offered when rotating a secret, in seconds. */
	static final Map<Integer, String> GRACE_PERIODS = graces();

	private final AdminApi api;

	private final JsonMapper json;

	ClientsController(AdminApi api, JsonMapper json) {
		this.api = api;
		this.json = json;
	}

	@GetMapping
	String list(@RequestParam(name = "q", required = false) String query,
			@RequestParam(name = "page", defaultValue = "1") int page, Model model) {
		List<ClientView> all = this.api.get("/clients", CLIENTS);
		model.addAttribute("clients", ListPage.of(all, query, (client) -> {
			List<String> texts = new ArrayList<>(List.of(client.clientId(), nullToEmpty(client.name())));
			texts.addAll(client.scopes());
			texts.addAll(client.authMethods());
			return texts;
		}, page));
		return "clients/list";
	}

	@GetMapping("/new")
	Object newClient(Authentication authentication, Model model, HttpSession session) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		return form(new ClientForm(), Map.of(), model, session);
	}

	/**
	 * Creates the client, unless the form warns and was not confirmed (the confirmation
	 * step) or the person went back (the form again). The new secret is on this response
	 * only: no redirect, nothing in the session, not cached. So that reloading that page
	 * cannot create a second client, the form's one-use token must not have been used.
	 */
	@PostMapping
	Object create(@ModelAttribute("form") ClientForm form, @RequestParam(defaultValue = "false") boolean confirm,
			@RequestParam(defaultValue = "false") boolean back,
			@RequestParam(name = OneUseForms.FIELD, required = false) String nonce, Model model, HttpSession session,
			HttpServletResponse response) {
		if (back) {
			return form(form, Map.of(), model, session);
		}
		Map<String, String> errors = form.check(this.json);
		if (!errors.isEmpty()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(form, errors, model, session);
		}
		List<String> warnings = form.warnings();
		if (!warnings.isEmpty() && !confirm) {
			model.addAttribute("warnings", warnings);
			model.addAttribute("nonce", nonce);
			return "clients/confirm";
		}
		if (!OneUseForms.use(session, nonce)) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(form, Map.of(FormProblems.FORM, ALREADY_SENT), model, session);
		}
		IssuedSecret created;
		try {
			created = this.api.post("/clients", form.toRequest(this.json), IssuedSecret.class);
		}
		catch (AdminApiException ex) {
			response.setStatus(ex.status());
			return form(form, CertificateIdentity.errors(FormProblems.of(ex)), model, session);
		}
		response.setHeader("Cache-Control", "no-store");
		model.addAttribute("secret", new OneTimeSecret(created.clientId(), created.name(), created.clientSecret(),
				created.clientSecretExpiresAt(), true));
		return "clients/secret";
	}

	private String form(ClientForm form, Map<String, String> errors, Model model, HttpSession session) {
		model.addAttribute("form", form);
		model.addAttribute("nonce", OneUseForms.issue(session));
		model.addAttribute("catalogue", this.api.get("/scopes", SCOPES));
		model.addAttribute("grantTypes", ClientForm.GRANT_TYPES);
		model.addAttribute("authMethods", ClientForm.AUTH_METHODS);
		model.addAttribute("identityKinds", CertificateIdentity.KINDS);
		model.addAttribute("errors", errors);
		model.addAttribute("labels", ClientForm.LABELS);
		model.addAttribute("longTtl", ClientWarnings.LONG_TTL_SECONDS);
		model.addAttribute("manyScopes", ClientWarnings.MANY_SCOPES);
		return "clients/new";
	}

	@GetMapping("/{clientId}")
	String details(@PathVariable String clientId, Model model, HttpSession session) {
		ClientView client = this.api.get(CLIENT, ClientView.class, clientId);
		return details(client, SettingsForm.of(client), Map.of(), model, session);
	}

	private String details(ClientView client, SettingsForm settings, Map<String, String> errors, Model model,
			HttpSession session) {
		model.addAttribute("client", client);
		model.addAttribute("nonce", OneUseForms.issue(session));
		model.addAttribute("settings", settings);
		model.addAttribute("errors", errors);
		model.addAttribute("graces", GRACE_PERIODS);
		model.addAttribute("identityKinds", CertificateIdentity.KINDS);
		if (!model.containsAttribute("certificate")) {
			model.addAttribute("certificate", CertificateForm.of(client));
		}
		if (!model.containsAttribute("certificateErrors")) {
			model.addAttribute("certificateErrors", Map.of());
		}
		try {
			model.addAttribute("usage", this.api.get(CLIENT + "/usage?days=30", ClientUsage.class, client.clientId()));
		}
		catch (AdminApiException ex) {
			if (ex.status() == 401) {
				throw ex;
			}
			model.addAttribute("usageProblem", "Token usage is not available: " + ex.detail());
		}
		if (!model.containsAttribute("catalogue")) {
			model.addAttribute("catalogue", this.api.get("/scopes", SCOPES));
		}
		return "clients/details";
	}

	/** Changes the scopes, default scopes and token lifetime. */
	@PostMapping("/{clientId}/settings")
	Object settings(@PathVariable String clientId, @ModelAttribute("settings") SettingsForm settings, Model model,
			RedirectAttributes redirect, HttpSession session, HttpServletResponse response) {
		Map<String, String> errors = settings.check();
		if (errors.isEmpty()) {
			try {
				this.api.patch(CLIENT, settings.toPatch(), ClientView.class, clientId);
				redirect.addFlashAttribute("notice", "Scopes, token lifetime and quota saved.");
				return "redirect:/clients/{clientId}";
			}
			catch (AdminApiException ex) {
				errors = FormProblems.of(ex);
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return details(this.api.get(CLIENT, ClientView.class, clientId), settings, errors, model, session);
	}

	/**
	 * Changes how a certificate client is recognised and whether its tokens are bound to
	 * its certificate. A plain PATCH answered with a redirect, like the settings: sending
	 * it twice changes nothing more.
	 */
	@PostMapping("/{clientId}/certificate")
	Object certificate(@PathVariable String clientId, @ModelAttribute("certificate") CertificateForm certificate,
			Model model, RedirectAttributes redirect, HttpSession session, HttpServletResponse response) {
		ClientView client = this.api.get(CLIENT, ClientView.class, clientId);
		Map<String, String> errors = certificate.check(client);
		if (errors.isEmpty()) {
			try {
				this.api.patch(CLIENT, certificate.toPatch(client), ClientView.class, clientId);
				redirect.addFlashAttribute("notice", "Certificate authentication saved.");
				return "redirect:/clients/{clientId}";
			}
			catch (AdminApiException ex) {
				errors = CertificateForm.errors(FormProblems.of(ex));
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("certificateErrors", errors);
		return details(client, SettingsForm.of(client), Map.of(), model, session);
	}

	@PostMapping("/{clientId}/enabled")
	Object enable(@PathVariable String clientId, @RequestParam boolean enabled, RedirectAttributes redirect) {
		this.api.patch(CLIENT, Map.of("enabled", enabled), ClientView.class, clientId);
		redirect.addFlashAttribute("notice",
				enabled ? "The client is enabled." : "The client is disabled: it gets no new tokens.");
		return "redirect:/clients/{clientId}";
	}

	/**
	 * Rotates the secret; the old one keeps working for the grace period. The new secret
	 * is shown on this response only, like at creation; its form's one-use token keeps a
	 * reload of that page from rotating again.
	 */
	@PostMapping("/{clientId}/secret")
	Object rotate(@PathVariable String clientId, @RequestParam(defaultValue = "0") int graceSeconds,
			@RequestParam(name = OneUseForms.FIELD, required = false) String nonce, Model model, HttpSession session,
			RedirectAttributes redirect, HttpServletResponse response) {
		ClientView client = this.api.get(CLIENT, ClientView.class, clientId);
		if (!OneUseForms.use(session, nonce)) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("problem", "The secret was not rotated: this form was already sent or has expired "
					+ "(a reloaded page sends it twice). Rotate from here if you still need a new secret.");
			return details(client, SettingsForm.of(client), Map.of(), model, session);
		}
		IssuedSecret issued;
		try {
			issued = this.api.post(CLIENT + "/secret", Map.of("graceSeconds", graceSeconds), IssuedSecret.class,
					clientId);
		}
		catch (AdminApiException ex) {
			redirect.addFlashAttribute("problem",
					"The secret was not rotated: " + FormProblems.of(ex).values().iterator().next());
			return "redirect:/clients/{clientId}";
		}
		response.setHeader("Cache-Control", "no-store");
		model.addAttribute("secret", new OneTimeSecret(issued.clientId(), client.name(), issued.clientSecret(),
				issued.clientSecretExpiresAt(), false));
		model.addAttribute("graceSeconds", graceSeconds);
		return "clients/secret";
	}

	@GetMapping("/{clientId}/delete")
	Object confirmDelete(@PathVariable String clientId, Authentication authentication, Model model) {
		if (!Person.of(authentication).can(WRITE)) {
			return ProblemPage.needsScope(WRITE);
		}
		model.addAttribute("client", this.api.get(CLIENT, ClientView.class, clientId));
		return "clients/delete";
	}

	@PostMapping("/{clientId}/delete")
	Object delete(@PathVariable String clientId, RedirectAttributes redirect) {
		this.api.delete(CLIENT, clientId);
		redirect.addFlashAttribute("notice", "Client " + clientId + " deleted.");
		return "redirect:/clients";
	}

	private static String nullToEmpty(String text) {
		return (text != null) ? text : "";
	}

	private static Map<Integer, String> graces() {
		Map<Integer, String> graces = new LinkedHashMap<>();
		graces.put(0, "none: the old secret stops at once");
		graces.put(3600, "1 hour");
		graces.put(86400, "1 day");
		graces.put(7 * 86400, "7 days");
		return graces;
	}

	/**
	 * A secret on the one page that shows it.
	 *
	 * @param clientId the client
	 * @param name its name
	 * @param value the secret
	 * @param expiresAt when it expires, or {@code null}
	 * @param created whether the client was just created (else the secret was rotated)
	 */
	record OneTimeSecret(String clientId, String name, String value, String expiresAt, boolean created) {

		@Override
		public String toString() {
			return "OneTimeSecret[clientId=" + this.clientId + ", value=(hidden)]";
		}

	}

}
