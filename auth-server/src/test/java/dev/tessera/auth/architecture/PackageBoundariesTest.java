package dev.tessera.auth.architecture;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure as a build rule, so it cannot erode one convenient import at a
 * time: no cycles between feature packages, and each layer uses only those below it.
 * docs/architecture.md draws the same picture.
 */
class PackageBoundariesTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.tessera.auth");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("dev.tessera.auth.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	/**
	 * Nor between any two packages, subpackages included: the audit trail's writing,
	 * integrity, query and retention share the audit root's types and never each other in
	 * a circle.
	 */
	@Test
	void everyPackageIsFreeOfCycles() {
		slices().matching("dev.tessera.auth.(**)").should().beFreeOfCycles().check(MAIN);
	}

	/**
	 * Edges (the protocol endpoints, the admin API, start-up) wire the rest; grants use
	 * the domain; the domain records to the audit trail; everything may use the
	 * foundation, which uses nothing above it.
	 */
	@Test
	void layersOnlyUseTheLayersBelow() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Edge")
			.definedBy("dev.tessera.auth.protocol..", "dev.tessera.auth.admin..", "dev.tessera.auth.bootstrap..")
			.layer("Grants")
			.definedBy("dev.tessera.auth.grant..")
			.layer("Domain")
			.definedBy("dev.tessera.auth.client..", "dev.tessera.auth.token..", "dev.tessera.auth.key..",
					"dev.tessera.auth.scope..", "dev.tessera.auth.user..", "dev.tessera.auth.trust..",
					"dev.tessera.auth.review..", "dev.tessera.auth.certificate..")
			.layer("Audit")
			.definedBy("dev.tessera.auth.audit..")
			.layer("Foundation")
			.definedBy("dev.tessera.auth.web..", "dev.tessera.auth.problem..", "dev.tessera.auth.config..",
					"dev.tessera.auth.encryption..", "dev.tessera.auth.egress..", "dev.tessera.auth.cluster..",
					"dev.tessera.auth.jose..", "dev.tessera.auth.tls..")
			.whereLayer("Edge")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Grants")
			.mayOnlyBeAccessedByLayers("Edge")
			.whereLayer("Domain")
			.mayOnlyBeAccessedByLayers("Edge", "Grants")
			.whereLayer("Audit")
			.mayOnlyBeAccessedByLayers("Edge", "Grants", "Domain")
			.check(MAIN);
	}

	/** The audit trail records what features tell it; it does not speak OAuth. */
	@Test
	void auditKnowsNoOAuthErrors() {
		noClasses().that()
			.resideInAPackage("dev.tessera.auth.audit..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.security.oauth2.core.OAuth2ErrorCodes")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.security.oauth2.core.OAuth2Error")
			.check(MAIN);
	}

	/**
	 * SQL lives in migrations and in the class that owns its table, never in a protocol
	 * or web class.
	 */
	@Test
	void edgesDoNotTalkJdbc() {
		noClasses().that()
			.resideInAnyPackage("dev.tessera.auth.protocol..", "dev.tessera.auth.admin..", "dev.tessera.auth.web..",
					"dev.tessera.auth.grant..")
			.should()
			.dependOnClassesThat()
			.belongToAnyOf(DataSource.class, Connection.class, Statement.class, ResultSet.class, JdbcTemplate.class)
			.check(MAIN);
	}

}
