package dev.tessera.admin.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.tessera.admin.audit.AuditEvent;
import dev.tessera.admin.audit.AuditFilterForm;
import dev.tessera.admin.audit.AuditPageViewAccess;
import dev.tessera.admin.audit.ChainVerification;
import dev.tessera.admin.certificates.Certificate;
import dev.tessera.admin.clients.CertificateForm;
import dev.tessera.admin.clients.CertificateIdentity;
import dev.tessera.admin.clients.ClientForm;
import dev.tessera.admin.clients.ClientView;
import dev.tessera.admin.clients.SettingsForm;
import dev.tessera.admin.dashboard.Overview;
import dev.tessera.admin.issuers.IssuerForm;
import dev.tessera.admin.issuers.TrustedIssuer;
import dev.tessera.admin.keys.KeyTimeline;
import dev.tessera.admin.keys.SigningKey;
import dev.tessera.admin.users.User;
import dev.tessera.admin.users.UserForm;
import dev.tessera.admin.web.BarChart;
import dev.tessera.admin.web.ListPage;
import dev.tessera.admin.web.Person;
import dev.tessera.admin.web.ScopeChoice;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each operations page (and the client form and details' certificate parts) renders from
 * a model like the one its controller builds, for a person who may change things and one
 * who may only read: a template mistake shows here in a second, without a browser or an
 * authorization server.
 */
class PagesRenderTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final Person ADMIN = new Person("admin",
			Set.of("admin:clients", "admin:keys", "admin:users", "admin:read", "audit:read"));

	private static final Person AUDITOR = new Person("auditor", Set.of("admin:read", "audit:read"));

	private final SpringTemplateEngine engine = engine();

	@Test
	void dashboard() {
		List<Overview.DayCount> days = new ArrayList<>();
		for (int i = 29; i >= 0; i--) {
			days.add(new Overview.DayCount(LocalDate.of(2026, 11, 30).minusDays(i), i));
		}
		Overview overview = new Overview(new Overview.Clients(5, 4, 1, 2),
				new Overview.ActiveKey("k1", "RS256", NOW.minusSeconds(3600), 3600), NOW.plusSeconds(86400),
				new Overview.Keys(1, 1, 1),
				new Overview.SecretsExpiring(1, 1, 2,
						List.of(new Overview.ExpiringSecret("billing", "Billing", NOW.plusSeconds(3 * 86400)))),
				List.of(new Overview.ExpiringSecret("old", "Old", NOW.minusSeconds(60))), 3, days);
		Map<String, Object> model = model(ADMIN);
		model.put("overview", overview);
		model.put("chart", BarChart.of("Tokens issued per day", days.stream().map(d -> d.date().toString()).toList(),
				days.stream().map(Overview.DayCount::tokens).toList()));
		model.put("activeKeyAge", "1 hour");
		model.put("now", NOW);
		model.put("certificates", new Certificate.Listing(
				List.of(certificate("client", "partner", 3 * 86400), certificate("server", null, 20 * 86400))));
		String html = render("dashboard/dashboard", model);
		assertThat(html).contains("id=\"clients-enabled\">4<", "href=\"/clients/billing\"", "admin:keys",
				"id=\"expiring-certificates\"", "href=\"/clients/partner\"", "within 7 days", "within 30 days",
				"id=\"certificates-within30\">2<", "href=\"/certificates\"");

		model.put("certificates", new Certificate.Listing(List.of()));
		assertThat(render("dashboard/dashboard", model)).contains("no-expiring-certificates")
			.doesNotContain("id=\"expiring-certificates\"");
		model.remove("certificates");
		model.put("certificatesProblem", "Not found");
		assertThat(render("dashboard/dashboard", model)).contains("no-certificate-figures", "Not found");
		assertThat(html.split("class=\"bar\"")).hasSize(31);

		Map<String, Object> none = model(AUDITOR);
		none.put("overview", null);
		assertThat(render("dashboard/dashboard", none)).contains("no-overview");
	}

	@Test
	void certificates() {
		Map<String, Object> model = model(AUDITOR);
		model.put("listing", new Certificate.Listing(List.of(certificate("client", "partner", -60),
				certificate("server", null, 20 * 86400), certificate("client-ca", null, 400 * 86400))));
		model.put("now", NOW);
		String html = render("certificates/list", model);
		assertThat(html).contains("data-kind=\"client-ca\"", "Server (TLS)", "href=\"/clients/partner\"", "expired",
				"within 30 days", "id=\"certificates-within7\">1<", "id=\"certificates-total\">3<", "aria-current");

		model.put("listing", new Certificate.Listing(null));
		assertThat(render("certificates/list", model)).contains("no-certificates");
	}

	private static Certificate certificate(String kind, String owner, long expiresInSeconds) {
		return new Certificate("x5t-" + kind, kind, "CN=" + kind, "CN=Example CA", "1a2b", NOW.minusSeconds(86400 * 30),
				NOW.plusSeconds(expiresInSeconds), expiresInSeconds, owner,
				(owner != null) ? "jwks" : "/etc/tessera/" + kind + ".pem");
	}

	@Test
	void keys() {
		KeyTimeline timeline = KeyTimeline.of(List.of(new SigningKey("n1", "RS256", "NEXT", NOW, null, null),
				new SigningKey("a1", "RS256", "ACTIVE", NOW.minusSeconds(86400), NOW.minusSeconds(86400), null),
				new SigningKey("r1", "RS256", "RETIRED", NOW.minusSeconds(9 * 86400), NOW.minusSeconds(9 * 86400),
						NOW.minusSeconds(86400))));
		Map<String, Object> model = model(ADMIN);
		model.put("timeline", timeline);
		model.put("now", NOW);
		assertThat(render("keys/keys", model)).contains("rotate-now", "revoke-n1", "data-status=\"ACTIVE\"",
				"1 day ago");
		Map<String, Object> readOnly = model(AUDITOR);
		readOnly.put("timeline", timeline);
		readOnly.put("now", NOW);
		assertThat(render("keys/keys", readOnly)).doesNotContain("rotate-now", "revoke-n1");

		Map<String, Object> revoke = model(ADMIN);
		revoke.put("key", timeline.published().get(0));
		revoke.put("now", NOW);
		revoke.put("errors", Map.of("confirmation", "This is not the key id."));
		assertThat(render("keys/revoke", revoke)).contains("aria-invalid=\"true\"", "confirmation-error",
				"action=\"/keys/n1/revoke\"");
	}

	@Test
	void audit() {
		Map<String, Object> model = model(AUDITOR);
		model.put("filter", new AuditFilterForm("billing", null, null, "success", "c-1", "2026-11-30T10:00", null));
		model.put("outcomes", AuditFilterForm.OUTCOMES);
		model.put("pastFirstPage", true);
		model.put("errors", Map.of("to", "must not be before from"));
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("scope", "read");
		model.put("events", new AuditPageViewAccess().page(List.of(new AuditEvent("e1", "2026-11-30T12:00:00.000001Z",
				"c-1", "billing", "client", "token.issue", "127.0.0.1", "success", detail)), "cursor1"));
		model.put("verification", new ChainVerification(true, 12, null, List.of()));
		String html = render("audit/audit", model);
		assertThat(html).contains("token.issue", "scope=read", "rows-checked\">12<", "cursor=cursor1",
				"format=csv&amp;clientId=billing", "id=\"first-page\"", "selected=\"selected\"",
				"id=\"to-error\">must not be before from<");
		model.put("verification", new ChainVerification(false, 12, "row-7",
				List.of(new ChainVerification.Problem("chain_broken", "row 7 changed"))));
		assertThat(render("audit/audit", model)).contains("first-broken-id\">row-7<", "chain_broken", "row 7 changed");
	}

	@Test
	void users() {
		User alice = new User("alice", List.of("AUDITOR"), true, NOW, null);
		Map<String, Object> list = model(ADMIN);
		list.put("users", ListPage.of(List.of(alice), "", u -> List.of(u.username()), 1));
		assertThat(render("users/list", list)).contains("new-user", "/users/alice");
		Map<String, Object> form = model(AUDITOR);
		form.put("form", UserForm.of(alice));
		form.put("creating", false);
		form.put("roles", UserForm.ROLES);
		form.put("errors", Map.of("password", "is too short", "other", "bad"));
		assertThat(render("users/form", form)).contains("id=\"password-error\">is too short<", "other: bad")
			.doesNotContain("id=\"save\"");
		Map<String, Object> delete = model(ADMIN);
		delete.put("user", alice);
		assertThat(render("users/delete", delete)).contains("confirm-delete");
	}

	@Test
	void issuers() {
		TrustedIssuer issuer = new TrustedIssuer("id-1", "https://idp.example", Map.of("keys", List.of()), null,
				List.of("aud"), List.of("client-1"), List.of("read"), 300, null, NOW, NOW);
		Map<String, Object> list = model(ADMIN);
		list.put("issuers", ListPage.of(List.of(issuer), "", i -> List.of(i.issuer()), 1));
		assertThat(render("issuers/list", list)).contains("new-issuer", "/issuers/id-1");
		Map<String, Object> form = model(ADMIN);
		form.put("form", IssuerForm.of(issuer, tools.jackson.databind.json.JsonMapper.builder().build()));
		form.put("current", issuer);
		form.put("errors", Map.of("audiences", "at least one audience is required"));
		form.put("scopes", List.of("read", "write"));
		assertThat(render("issuers/form", form)).contains("id=\"audiences-error\">at least one audience is required<",
				"id=\"scope-read\"", "checked=\"checked\"", "id=\"save\"");
		Map<String, Object> delete = model(ADMIN);
		delete.put("issuer", issuer);
		assertThat(render("issuers/delete", delete)).contains("confirm-delete");
	}

	@Test
	void clientFormWithCertificateMethods() {
		ClientForm form = new ClientForm();
		form.setName("Partner");
		form.setAuthMethod("tls_client_auth");
		form.setTlsIdentityKind("tlsSanIp");
		form.setTlsIdentity("not-an-ip");
		form.setCertificateBoundTokens(true);
		Map<String, Object> model = model(ADMIN);
		model.put("form", form);
		model.put("nonce", "n");
		model.put("catalogue", List.of(new ScopeChoice("orders:read", "Read", null)));
		model.put("grantTypes", ClientForm.GRANT_TYPES);
		model.put("authMethods", ClientForm.AUTH_METHODS);
		model.put("identityKinds", CertificateIdentity.KINDS);
		model.put("errors", Map.of("tlsIdentity", "'not-an-ip' is not an IPv4 or IPv6 address literal"));
		model.put("labels", ClientForm.LABELS);
		model.put("longTtl", 900);
		model.put("manyScopes", 5);
		String html = render("clients/new", model);
		assertThat(html).contains("value=\"tls_client_auth\" checked=\"checked\"",
				"value=\"self_signed_tls_client_auth\"", "value=\"tlsSanIp\" checked=\"checked\"",
				"id=\"tlsIdentity-error\">&#39;not-an-ip&#39; is not an IPv4", "value=\"not-an-ip\"",
				"href=\"#tlsIdentity-field\">Certificate identity:", "id=\"certificateBoundTokens\"",
				"each key needs its self-signed certificate in <code>x5c</code>");
		assertThat(html).doesNotContain("style=", "<script>");

		Map<String, Object> confirm = model(ADMIN);
		confirm.put("form", form);
		confirm.put("warnings", List.of("w"));
		confirm.put("nonce", "n");
		assertThat(render("clients/confirm", confirm)).contains("name=\"tlsIdentityKind\" value=\"tlsSanIp\"",
				"name=\"tlsIdentity\" value=\"not-an-ip\"", "name=\"certificateBoundTokens\" value=\"true\"");
	}

	@Test
	void clientDetailsShowTheCertificateIdentityAndBinding() {
		ClientView client = new ClientView("partner", "Partner", true, Set.of("client_credentials"),
				Set.of("tls_client_auth"), Set.of("orders:read"), Set.of(), Set.of(), Set.of(), null, null, null, null,
				List.of(), "2026-11-30T12:00:00Z", "2026-11-30T12:00:00Z", "CN=partner,O=Example", null, null, null,
				null, true, null, null);
		CertificateForm certificate = new CertificateForm();
		certificate.setTlsIdentityKind("tlsSubjectDn");
		certificate.setTlsIdentity("CN=partner,O=Example");
		certificate.setCertificateBoundTokens(true);
		for (Person person : List.of(ADMIN, AUDITOR)) {
			Map<String, Object> model = model(person);
			model.put("client", client);
			model.put("nonce", "n");
			model.put("settings", new SettingsForm());
			model.put("errors", Map.of());
			model.put("graces", Map.of(0, "none"));
			model.put("identityKinds", CertificateIdentity.KINDS);
			model.put("certificate", certificate);
			model.put("certificateErrors", Map.of("certificateBoundTokens", "needs certificate methods"));
			model.put("catalogue", List.of());
			String html = render("clients/details", model);
			assertThat(html).contains("id=\"certificate-identity\"", "Subject DN", "<code>CN=partner,O=Example</code>",
					"id=\"certificate-bound\">yes");
			if (person == ADMIN) {
				assertThat(html).contains("id=\"certificate-form\"", "action=\"/clients/partner/certificate\"",
						"value=\"tlsSubjectDn\" checked=\"checked\"", "id=\"cert-bound-error\">needs certificate");
			}
			else {
				assertThat(html).doesNotContain("certificate-form");
			}
		}
	}

	private static Map<String, Object> model(Person person) {
		Map<String, Object> model = new HashMap<>();
		model.put("person", person);
		return model;
	}

	private String render(String template, Map<String, Object> model) {
		MockServletContext servletContext = new MockServletContext();
		MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/");
		JakartaServletWebApplication application = JakartaServletWebApplication.buildApplication(servletContext);
		WebContext context = new WebContext(application.buildExchange(request, new MockHttpServletResponse()),
				Locale.ENGLISH, model);
		return this.engine.process(template, context);
	}

	private static SpringTemplateEngine engine() {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/");
		resolver.setSuffix(".html");
		resolver.setTemplateMode(TemplateMode.HTML);
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}

}
