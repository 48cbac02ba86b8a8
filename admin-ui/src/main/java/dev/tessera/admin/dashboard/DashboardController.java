package dev.tessera.admin.dashboard;

import java.time.Clock;
import java.time.Duration;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.certificates.Certificate;
import dev.tessera.admin.keys.Ages;
import dev.tessera.admin.web.BarChart;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page after sign-in: what an operator checks at a glance (clients,
 * the signing key and its rotation, secrets about to expire, failed authentications,
 * tokens per day), all from {@code GET /admin/api/overview}, the certificates that expire
 * within 60 days ({@code GET /admin/api/certificates?withinDays=60}), and the scopes the
 * person's own token carries. When the overview cannot be read the page says so and still
 * shows the rest, since every sign-in lands here.
 */
@Controller
public class DashboardController {

	/** Certificates expiring within this many days are listed (the widest warning). */
	static final int CERTIFICATE_DAYS = 60;

	private final AdminApi api;

	private final Clock clock;

	public DashboardController(AdminApi api, Clock clock) {
		this.api = api;
		this.clock = clock;
	}

	@GetMapping("/")
	String dashboard(Model model) {
		Overview overview;
		try {
			overview = this.api.get("/overview", Overview.class);
		}
		catch (AdminApiException ex) {
			if (ex.status() == 401) {
				throw ex;
			}
			// The first page after sign-in stays usable without its figures (an
			// authorization server from before the overview existed refuses the path).
			overview = null;
			model.addAttribute("overviewProblem", ex.detail());
		}
		model.addAttribute("overview", overview);
		try {
			model.addAttribute("certificates",
					this.api.get("/certificates?withinDays=" + CERTIFICATE_DAYS, Certificate.Listing.class));
		}
		catch (AdminApiException ex) {
			if (ex.status() == 401) {
				throw ex;
			}
			// as for the overview: an authorization server from before mutual TLS
			model.addAttribute("certificatesProblem", ex.detail());
		}
		model.addAttribute("now", this.clock.instant());
		if (overview != null) {
			model.addAttribute("chart",
					BarChart.of("Tokens issued per day",
							overview.tokensPerDay().stream().map(day -> day.date().toString()).toList(),
							overview.tokensPerDay().stream().map(Overview.DayCount::tokens).toList()));
			if (overview.activeKey() != null) {
				model.addAttribute("activeKeyAge", Ages.of(Duration.ofSeconds(overview.activeKey().ageSeconds())));
			}
		}
		return "dashboard/dashboard";
	}

}
