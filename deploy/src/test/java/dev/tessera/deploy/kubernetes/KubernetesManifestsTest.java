package dev.tessera.deploy.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that {@code deploy/kubernetes/} is what docs/deploy.md promises, for the base
 * and for the production overlay as kustomize would build it (computed by
 * {@link Manifests}: namespace, images, the base's metadata labels and strategic-merge
 * patches; an overlay using any other kustomize feature fails the test instead of going
 * unchecked). Every file parses into fabric8's typed model with no unknown field; the
 * auth server runs several replicas that roll without losing capacity, probed on the
 * management port, with resource requests and limits, as a non-root user on a read-only
 * root filesystem with every capability dropped, spread over nodes; selectors select what
 * they mean to; the autoscaler scales on CPU; every Secret key the pods read is in
 * docs/deploy.md's table and in the secrets example, mounted as the file the table names
 * and, in the config tree, named after a property Tessera binds; no Secret value is
 * inline (no environment value, command or argument looks like one), only the migration
 * Job holds the owner role's password and it migrates the server's database; the network
 * policies admit the management port only from monitoring namespaces and the console only
 * from labelled pods, and the admin console is not exposed; the migration step of the
 * docs applies everything the Job needs. What it cannot prove: that a cluster accepts the
 * objects (no API server here) or that kustomize's own output is byte for byte the same.
 */
class KubernetesManifestsTest {

	private static final String AUTH_SERVER = "tessera-auth-server";

	private static final String ADMIN_UI = "tessera-admin-ui";

	private static final String OWNER_SECRET = "tessera-database-owner";

	/** The mTLS port's files: only the production overlay mounts them. */
	private static final String TLS_SECRET = "tessera-tls";

	/**
	 * What a secret inlined into an environment value or a command line looks like: a
	 * credential assigned (key=value, "key": value, a JDBC or HTTP URL's user:password@)
	 * or a run of 40 or more base64 or hex characters, as a 32-byte key is written (a
	 * path's dashes and dots break such a run).
	 */
	private static final Pattern SECRET_LOOKING = Pattern.compile(
			"(?i)(pass(word|wd)?|pwd|secret|token|credentials?|private[-_.]?key|encryption[-_.]?keys?)[\"']?\\s*[=:]"
					+ "|//[^/@\\s]+:[^/@\\s]+@|[A-Za-z0-9+/]{40,}");

	/**
	 * The properties a config-tree file may be named after, each bound by Tessera or
	 * Spring Boot (grep-verified): {@code spring.datasource.password}
	 * (DataSourceProperties), {@code spring.flyway.password} (FlywayProperties),
	 * {@code tessera.keys.encryption-key}, {@code tessera.management.password} and the
	 * four {@code tessera.bootstrap.*} (auth-server's application.yml, README.md
	 * "Configuration"), {@code tessera.keys.previous-encryption-keys}
	 * (TesseraProperties.Keys#previousEncryptionKeys, README's
	 * TESSERA_KEYS_PREVIOUS_ENCRYPTION_KEYS). A file named otherwise would be read and
	 * ignored.
	 */
	private static final Set<String> CONFIG_TREE_PROPERTIES = Set.of("spring.datasource.password",
			"spring.flyway.password", "tessera.keys.encryption-key", "tessera.keys.previous-encryption-keys",
			"tessera.management.password", "tessera.bootstrap.client-id", "tessera.bootstrap.client-secret",
			"tessera.bootstrap.admin-username", "tessera.bootstrap.admin-password");

	@Test
	void everyBaseFileIsAResourceAndParsesWithoutUnknownFields() throws IOException {
		@SuppressWarnings("unchecked")
		List<String> resources = (List<String>) Manifests.readMap(Manifests.BASE.resolve("kustomization.yaml"))
			.get("resources");
		assertThat(new TreeSet<>(resources)).containsExactlyElementsOf(Manifests.manifestFiles(Manifests.BASE));
		for (String file : resources) {
			try (InputStream in = Files.newInputStream(Manifests.BASE.resolve(file))) {
				Object object = Serialization.unmarshal(in);
				assertThat(object).as(file)
					.isInstanceOf(HasMetadata.class)
					.isNotInstanceOf(GenericKubernetesResource.class);
				assertThat(UnknownFields.in(object)).as("unknown fields in " + file).isEmpty();
			}
		}
	}

	@Test
	void everyProductionPatchIsUsedAndParsesWithoutUnknownFields() {
		Map<Path, HasMetadata> patches = Manifests.productionPatches();
		assertThat(patches.keySet().stream().map(p -> p.getFileName().toString()).sorted().toList())
			.containsExactlyElementsOf(Manifests.manifestFiles(Manifests.PRODUCTION));
		patches.forEach((file, patch) -> {
			assertThat(patch).as(file.toString()).isNotInstanceOf(GenericKubernetesResource.class);
			assertThat(UnknownFields.in(patch)).as("unknown fields in " + file).isEmpty();
		});
	}

	@Test
	void theProductionResultHasNoUnknownFieldsAndTheOverlaysValues() {
		List<HasMetadata> production = Manifests.production();
		production.forEach(o -> assertThat(UnknownFields.in(o)).as(o.getMetadata().getName()).isEmpty());
		assertThat(production).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("tessera"));
		for (HasMetadata object : production) {
			for (Container container : Manifests.containers(object)) {
				assertThat(container.getImage()).startsWith("registry.example.com/tessera/").doesNotContain("SNAPSHOT");
			}
		}
		Container server = container(deployment(production, AUTH_SERVER));
		assertThat(env(server, "SPRING_DATASOURCE_URL")).contains("tessera-db.example.internal");
		// merged by name: the base's other variables are still there, once each
		assertThat(env(server, "TESSERA_MODE")).isEqualTo("production");
		// behind an Ingress or load balancer: whose X-Forwarded-For is believed
		assertThat(env(server, "TESSERA_AUDIT_TRUSTED_PROXIES")).isNotBlank();
		assertThat(server.getEnv().stream().map(EnvVar::getName).distinct().count()).isEqualTo(server.getEnv().size());
		assertThat(server.getResources().getLimits().get("memory")).isEqualTo(new Quantity("2Gi"));
		assertThat(persistentVolumeClaim(production).getSpec().getResources().getRequests().get("storage"))
			.isEqualTo(new Quantity("200Gi"));
		// the mTLS port opens on the Secret's files
		assertThat(env(server, "TESSERA_TLS_CERTIFICATE")).isEqualTo("/run/secrets/tessera-tls/tls.crt");
		assertThat(env(server, "TESSERA_TLS_PRIVATE_KEY")).isEqualTo("/run/secrets/tessera-tls/tls.key");
		assertThat(env(server, "TESSERA_TLS_CLIENT_CAS")).isEqualTo("/run/secrets/tessera-tls/client-cas.pem");
		// a ReadWriteMany class named: a default class is usually ReadWriteOnce only
		assertThat(persistentVolumeClaim(production).getSpec().getStorageClassName()).isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void theAuthServerRunsSeveralReplicasThatRollWithoutLosingCapacity(String variant) {
		List<HasMetadata> objects = objects(variant);
		Deployment deployment = deployment(objects, AUTH_SERVER);
		int least = variant.equals("production") ? 3 : 2;
		assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(least);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		HorizontalPodAutoscaler autoscaler = only(objects, HorizontalPodAutoscaler.class);
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(AUTH_SERVER);
		assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(least);
		assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThan(autoscaler.getSpec().getMinReplicas());
		assertThat(autoscaler.getSpec().getMetrics()).singleElement().satisfies(metric -> {
			assertThat(metric.getType()).isEqualTo("Resource");
			assertThat(metric.getResource().getName()).isEqualTo("cpu");
			assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
		});
		PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class);
		assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
		// three quarters of the limit is heap (MaxRAMPercentage=75): at least 384 MiB
		// stay
		// for metaspace, code cache, thread stacks and native crypto
		assertThat(Quantity.getAmountInBytes(container(deployment).getResources().getLimits().get("memory")))
			.isGreaterThanOrEqualTo(Quantity.getAmountInBytes(new Quantity("1536Mi")));
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		// longer than the preStop pause plus Spring Boot's 30 s graceful shutdown phase
		long preStop = container(deployment).getLifecycle().getPreStop().getSleep().getSeconds();
		assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + 30);
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void theAuthServerIsProbedOnItsManagementPort(String variant) {
		Container server = container(deployment(objects(variant), AUTH_SERVER));
		ContainerPort management = server.getPorts()
			.stream()
			.filter(p -> "management".equals(p.getName()))
			.findFirst()
			.orElseThrow();
		assertThat(management.getContainerPort()).isEqualTo(9090);
		assertProbe(server.getReadinessProbe(), "/actuator/health/readiness");
		assertProbe(server.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(server.getStartupProbe(), "/actuator/health/liveness");
		// the JVM start and key bootstrap: the startup probe allows at least a minute
		Probe startup = server.getStartupProbe();
		assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(60);
		// after a database wait the startup probe has passed while the rest of the start
		// runs without a health endpoint: liveness allows at least a minute of that
		Probe liveness = server.getLivenessProbe();
		assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold()).isGreaterThanOrEqualTo(60);
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe).as(path).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void everyPodRunsUnprivilegedOnAReadOnlyRootWithLimits(String variant) {
		List<HasMetadata> objects = objects(variant);
		List<HasMetadata> workloads = objects.stream().filter(o -> Manifests.podSpec(o) != null).toList();
		assertThat(workloads).extracting(o -> o.getMetadata().getName())
			.containsExactlyInAnyOrder(AUTH_SERVER, ADMIN_UI, "tessera-migrate");
		for (HasMetadata workload : workloads) {
			String name = workload.getMetadata().getName();
			PodSpec pod = Manifests.podSpec(workload);
			assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
			assertThat(objects).as(name + "'s ServiceAccount")
				.anyMatch(o -> o instanceof ServiceAccount
						&& o.getMetadata().getName().equals(pod.getServiceAccountName()));
			PodSecurityContext podContext = pod.getSecurityContext();
			assertThat(podContext.getRunAsNonRoot()).as(name).isTrue();
			assertThat(podContext.getRunAsUser()).as(name).isEqualTo(10001L);
			assertThat(podContext.getRunAsGroup()).as(name).isEqualTo(10001L);
			assertThat(podContext.getFsGroup()).as(name).isEqualTo(10001L);
			assertThat(podContext.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
			for (Container container : Manifests.containers(workload)) {
				SecurityContext context = container.getSecurityContext();
				assertThat(context.getRunAsNonRoot()).as(name).isTrue();
				assertThat(context.getReadOnlyRootFilesystem()).as(name).isTrue();
				assertThat(context.getAllowPrivilegeEscalation()).as(name).isFalse();
				assertThat(context.getCapabilities().getDrop()).as(name).containsExactly("ALL");
				assertThat(context.getCapabilities().getAdd()).as(name).isEmpty();
				assertThat(context.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
				for (String resource : List.of("cpu", "memory")) {
					assertThat(container.getResources().getRequests()).as(name + " requests").containsKey(resource);
					assertThat(container.getResources().getLimits()).as(name + " limits").containsKey(resource);
				}
				// the JVM sizes its heap from the limit (MaxRAMPercentage): request what
				// it may use
				assertThat(container.getResources().getRequests().get("memory"))
					.isEqualTo(container.getResources().getLimits().get("memory"));
				// the one writable place besides the data volume: /tmp, an emptyDir
				VolumeMount tmp = mount(container, "/tmp");
				assertThat(volume(pod, tmp.getName()).getEmptyDir()).as(name + " /tmp").isNotNull();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void theDeploymentsSpreadOverNodes(String variant) {
		for (Deployment deployment : all(objects(variant), Deployment.class)) {
			var terms = deployment.getSpec()
				.getTemplate()
				.getSpec()
				.getAffinity()
				.getPodAntiAffinity()
				.getPreferredDuringSchedulingIgnoredDuringExecution();
			assertThat(terms).as(deployment.getMetadata().getName()).anySatisfy(term -> {
				assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
				assertThat(Selectors.matches(term.getPodAffinityTerm().getLabelSelector(),
						deployment.getSpec().getTemplate().getMetadata().getLabels()))
					.isTrue();
			});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void everySelectorSelectsWhatItMeans(String variant) {
		assertThat(Selectors.problems(objects(variant))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void onlyTheTokenPlaneIsPublicAndTheConsoleIsNot(String variant) {
		List<HasMetadata> objects = objects(variant);
		assertThat(objects).noneMatch(o -> o.getKind().equals("Ingress") || o.getKind().equals("Secret"));
		Service publicService = service(objects, AUTH_SERVER);
		assertThat(publicService.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(9000, 9443);
		assertThat(publicService.getSpec().getPorts())
			.noneMatch(p -> "management".equals(p.getTargetPort().getStrVal()));
		assertThat(service(objects, AUTH_SERVER + "-management").getSpec().getType()).isEqualTo("ClusterIP");
		Service console = service(objects, ADMIN_UI);
		assertThat(console.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(console.getSpec().getExternalIPs()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void secretsAreFilesDocumentedInDeployMdAndTheOwnerPasswordIsTheJobsAlone(String variant) {
		List<HasMetadata> objects = objects(variant);
		Set<String> referenced = new TreeSet<>();
		for (HasMetadata workload : objects.stream().filter(o -> Manifests.podSpec(o) != null).toList()) {
			Set<String> own = secretReferences(workload);
			String name = workload.getMetadata().getName();
			boolean job = workload instanceof Job;
			assertThat(own.stream().anyMatch(r -> r.startsWith(OWNER_SECRET + "/")))
				.as(name + " holds the owner's password")
				.isEqualTo(job);
			referenced.addAll(own);
			for (Container container : Manifests.containers(workload)) {
				assertThat(container.getEnvFrom()).as(name + " envFrom").isEmpty();
				for (EnvVar variable : container.getEnv()) {
					assertThat(variable.getValueFrom()).as(name + " " + variable.getName() + " comes from a file")
						.isNull();
					assertThat(variable.getName()).as(name + ": a secret in an environment value")
						.matches(n -> isPathVariable(n)
								|| !n.matches(".*(PASSWORD|SECRET|ENCRYPTION_KEY|PRIVATE_KEY|TOKEN|CREDENTIAL).*"));
					if (isPathVariable(variable.getName())) {
						assertThat(variable.getValue()).as(name + " " + variable.getName() + " is a path")
							.startsWith("/");
					}
					assertThat(variable.getValue()).as(name + " " + variable.getName() + " looks like a secret")
						.doesNotContainPattern(SECRET_LOOKING);
				}
				List<String> invocation = new ArrayList<>(container.getCommand());
				invocation.addAll(container.getArgs());
				assertThat(invocation).as(name + " command and args")
					.noneMatch(argument -> SECRET_LOOKING.matcher(argument).find());
			}
		}
		Set<String> expected = new TreeSet<>(DocumentedSecrets.read());
		assertThat(expected).isEqualTo(secretsExample());
		if (variant.equals("base")) {
			expected.removeIf(entry -> entry.startsWith(TLS_SECRET + "/"));
		}
		assertThat(referenced).isEqualTo(expected);
		Container server = container(deployment(objects, AUTH_SERVER));
		assertThat(env(server, "SPRING_FLYWAY_ENABLED")).isEqualTo("false");
		assertThat(server.getEnv()).noneMatch(e -> e.getName().startsWith("SPRING_FLYWAY_USER"));
		Container migration = container(only(objects, Job.class));
		// a command replaces the image's entrypoint: the same java and flags
		// (docs/deploy.md,
		// "The images"), then the migration's main class
		assertThat(migration.getCommand()).containsExactly("/opt/java/bin/java", "-XX:MaxRAMPercentage=75",
				"-Djava.io.tmpdir=/tmp", "-cp", "@/app/jib-classpath-file",
				"dev.tessera.auth.config.DatabaseMigration");
		assertThat(migration.getArgs()).isNullOrEmpty();
		assertThat(env(migration, "SPRING_FLYWAY_USER")).isNotBlank();
	}

	/**
	 * Step 2 of "Applying" applies only what carries the migration label: on a fresh
	 * namespace, whatever the Job needs (its ServiceAccount, the NetworkPolicy selecting
	 * its pods) must be among them, and nothing else.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void theMigrationStepAppliesEverythingTheJobNeeds(String variant) throws IOException {
		List<HasMetadata> objects = objects(variant);
		String selector = "app.kubernetes.io/component=migration";
		assertThat(Files.readString(DocumentedSecrets.DOC)).contains("-l " + selector);
		Job job = only(objects, Job.class);
		PodSpec pod = job.getSpec().getTemplate().getSpec();
		Map<String, String> podLabels = job.getSpec().getTemplate().getMetadata().getLabels();
		List<HasMetadata> needed = new ArrayList<>();
		needed.add(job);
		objects.stream()
			.filter(o -> o instanceof ServiceAccount && o.getMetadata().getName().equals(pod.getServiceAccountName()))
			.forEach(needed::add);
		objects.stream()
			.filter(o -> o instanceof NetworkPolicy
					&& Selectors.matches(((NetworkPolicy) o).getSpec().getPodSelector(), podLabels))
			.forEach(needed::add);
		assertThat(needed).extracting(o -> o.getKind()).contains("Job", "ServiceAccount", "NetworkPolicy");
		List<HasMetadata> labelled = objects.stream()
			.filter(o -> "migration".equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
			.toList();
		assertThat(labelled).as("what step 2 applies").containsExactlyInAnyOrderElementsOf(needed);
	}

	/**
	 * Each Secret key is the file docs/deploy.md names ("as the file": the volume's mount
	 * path and the item's path), and a file in the config tree is named after a property
	 * Tessera binds; one outside it is named by a {@code *_FILE} variable.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void everySecretIsTheDocumentedFileOfAPropertyTesseraReads(String variant) {
		Map<String, String> documented = DocumentedSecrets.files();
		int checked = 0;
		for (HasMetadata workload : objects(variant).stream().filter(o -> Manifests.podSpec(o) != null).toList()) {
			String name = workload.getMetadata().getName();
			for (Container container : Manifests.containers(workload)) {
				String tree = container.getEnv()
					.stream()
					.filter(e -> e.getName().equals("TESSERA_SECRETS_DIR"))
					.map(e -> e.getValue().replaceAll("/$", ""))
					.findFirst()
					.orElse(null);
				for (VolumeMount mount : container.getVolumeMounts()) {
					Volume volume = volume(Manifests.podSpec(workload), mount.getName());
					for (Map.Entry<String, KeyToPath> item : secretItems(volume).entrySet()) {
						String file = mount.getMountPath() + "/" + item.getValue().getPath();
						assertThat(documented.get(item.getKey())).as(name + " reads " + item.getKey()).isEqualTo(file);
						if (mount.getMountPath().equals(tree)) {
							assertThat(CONFIG_TREE_PROPERTIES).as(name + ": " + file + " names a property")
								.contains(item.getValue().getPath());
						}
						else {
							assertThat(container.getEnv()).as(name + ": a variable names " + file)
								.anyMatch(e -> file.equals(e.getValue()));
						}
						checked++;
					}
				}
			}
		}
		long tls = documented.keySet().stream().filter(entry -> entry.startsWith(TLS_SECRET + "/")).count();
		assertThat(checked).isEqualTo(documented.size() - (variant.equals("base") ? tls : 0));
	}

	/**
	 * The management port is admitted only from the monitoring namespaces, the console
	 * only from labelled pods of its namespace, the migration from nowhere; the public
	 * ports from anywhere.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void theNetworkPoliciesAdmitOnlyWhatTheDocsSay(String variant) {
		List<HasMetadata> objects = objects(variant);
		NetworkPolicy server = networkPolicy(objects, AUTH_SERVER);
		assertSelectsPodsOf(server, deployment(objects, AUTH_SERVER).getSpec().getTemplate().getMetadata().getLabels());
		boolean managementAdmitted = false;
		for (NetworkPolicyIngressRule rule : server.getSpec().getIngress()) {
			List<String> ports = portNames(rule);
			if (ports.contains("management")) {
				managementAdmitted = true;
				assertThat(ports).as("the rule admitting management").containsExactly("management");
				assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
					assertThat(peer.getIpBlock()).isNull();
					assertThat(peer.getPodSelector()).isNull();
					assertThat(peer.getNamespaceSelector().getMatchExpressions()).isEmpty();
					assertThat(peer.getNamespaceSelector().getMatchLabels())
						.isEqualTo(Map.of("tessera.dev/monitoring", "true"));
				});
			}
			else {
				assertThat(ports).as("the public rule").isSubsetOf("http", "https");
			}
		}
		assertThat(managementAdmitted).as("Prometheus reaches the management port").isTrue();

		NetworkPolicy console = networkPolicy(objects, ADMIN_UI);
		assertSelectsPodsOf(console, deployment(objects, ADMIN_UI).getSpec().getTemplate().getMetadata().getLabels());
		assertThat(console.getSpec().getIngress()).isNotEmpty().allSatisfy(rule -> {
			assertThat(portNames(rule)).containsExactly("http");
			assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
				assertThat(peer.getIpBlock()).isNull();
				assertThat(peer.getNamespaceSelector()).as("this namespace only").isNull();
				assertThat(peer.getPodSelector().getMatchExpressions()).isEmpty();
				assertThat(peer.getPodSelector().getMatchLabels())
					.isEqualTo(Map.of("tessera.dev/admin-ui-client", "true"));
			});
		});

		Job job = only(objects, Job.class);
		NetworkPolicy migration = networkPolicy(objects, job.getMetadata().getName());
		assertSelectsPodsOf(migration, job.getSpec().getTemplate().getMetadata().getLabels());
		assertThat(migration.getSpec().getIngress()).isEmpty();
	}

	private static void assertSelectsPodsOf(NetworkPolicy policy, Map<String, String> podLabels) {
		assertThat(policy.getSpec().getPolicyTypes()).as(policy.getMetadata().getName()).contains("Ingress");
		assertThat(Selectors.matches(policy.getSpec().getPodSelector(), podLabels))
			.as(policy.getMetadata().getName() + " selects its pods")
			.isTrue();
	}

	/** The rule's ports by name; a rule without ports would admit every port. */
	private static List<String> portNames(NetworkPolicyIngressRule rule) {
		assertThat(rule.getPorts()).as("a rule names its ports").isNotEmpty();
		return rule.getPorts().stream().map(p -> p.getPort().getStrVal()).toList();
	}

	/** The migration applies the schema of the very database the server uses. */
	@ParameterizedTest
	@ValueSource(strings = { "base", "production" })
	void theJobMigratesTheServersDatabase(String variant) {
		List<HasMetadata> objects = objects(variant);
		assertThat(env(container(only(objects, Job.class)), "SPRING_DATASOURCE_URL"))
			.isEqualTo(env(container(deployment(objects, AUTH_SERVER)), "SPRING_DATASOURCE_URL"));
	}

	@Test
	void theAuditArchiveIsOneVolumeSharedByEveryReplica() {
		List<HasMetadata> objects = Manifests.base();
		PersistentVolumeClaim claim = persistentVolumeClaim(objects);
		assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
		Deployment deployment = deployment(objects, AUTH_SERVER);
		Container server = container(deployment);
		VolumeMount data = mount(server, env(server, "TESSERA_DATA_DIR"));
		Volume volume = volume(deployment.getSpec().getTemplate().getSpec(), data.getName());
		assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());
		assertThat(mount(server, env(server, "TESSERA_SECRETS_DIR").replaceAll("/$", "")).getReadOnly()).isTrue();
	}

	/**
	 * A variable whose value names a file or directory holding a secret (README.md):
	 * {@code *_FILE}, the config tree, the TLS private key's PEM file.
	 */
	private static boolean isPathVariable(String name) {
		return name.endsWith("_FILE") || name.equals("TESSERA_SECRETS_DIR") || name.equals("TESSERA_TLS_PRIVATE_KEY");
	}

	/** "secret/key" to the item, of every Secret key the volume holds. */
	private static Map<String, KeyToPath> secretItems(Volume volume) {
		Map<String, KeyToPath> items = new LinkedHashMap<>();
		if (volume.getSecret() != null) {
			volume.getSecret()
				.getItems()
				.forEach(item -> items.put(volume.getSecret().getSecretName() + "/" + item.getKey(), item));
		}
		if (volume.getProjected() != null) {
			for (VolumeProjection source : volume.getProjected().getSources()) {
				if (source.getSecret() != null) {
					source.getSecret()
						.getItems()
						.forEach(item -> items.put(source.getSecret().getName() + "/" + item.getKey(), item));
				}
			}
		}
		return items;
	}

	/** "secret/key" of every Secret key the workload's volumes project. */
	static Set<String> secretReferences(HasMetadata workload) {
		Set<String> references = new TreeSet<>();
		for (Volume volume : Manifests.podSpec(workload).getVolumes()) {
			if (volume.getSecret() != null) {
				assertThat(volume.getSecret().getItems()).as(volume.getName() + " names its keys").isNotEmpty();
				volume.getSecret()
					.getItems()
					.forEach(item -> references.add(volume.getSecret().getSecretName() + "/" + item.getKey()));
			}
			if (volume.getProjected() != null) {
				for (VolumeProjection source : volume.getProjected().getSources()) {
					if (source.getSecret() != null) {
						List<KeyToPath> items = source.getSecret().getItems();
						assertThat(items).as(volume.getName() + " names its keys").isNotEmpty();
						items.forEach(item -> references.add(source.getSecret().getName() + "/" + item.getKey()));
					}
				}
			}
		}
		return references;
	}

	/**
	 * "secret/key" of the secrets example's generator
	 * (deploy/kubernetes/secrets-example).
	 */
	@SuppressWarnings("unchecked")
	private static Set<String> secretsExample() {
		Map<String, Object> kustomization = Manifests
			.readMap(Manifests.ROOT.resolve("secrets-example/kustomization.yaml"));
		Set<String> entries = new TreeSet<>();
		for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.get("secretGenerator")) {
			assertThat(generator).as("values come from files only").doesNotContainKeys("literals", "envs");
			for (String file : (List<String>) generator.get("files")) {
				entries.add(generator.get("name") + "/" + file.substring(0, file.indexOf('=')));
			}
		}
		// the optional previous KEK exists only during a rotation: documented, commented
		// out there
		entries.add("tessera-kek-previous/keys");
		return entries;
	}

	@Test
	void noSecretValueIsCommitted() throws IOException {
		try (Stream<Path> files = Files.walk(Manifests.ROOT)) {
			List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).toList();
			for (Path file : yaml) {
				String text = Files.readString(file);
				assertThat(text).as(file.toString())
					.doesNotContainPattern("(?m)^kind:\\s*Secret")
					// inline values of a Secret by any other spelling (a patch, a
					// kind-less fragment): stringData anywhere, a data map outside a
					// ConfigMap
					.doesNotContainPattern("(?m)^\\s*stringData\\s*:");
				if (!text.matches("(?s)(.*\\n)?kind:\\s*ConfigMap\\b.*")) {
					assertThat(text).as(file.toString()).doesNotContainPattern("(?m)^\\s*data\\s*:");
				}
			}
		}
		// the example's values are files the operator makes; git ignores all but the
		// generator
		assertThat(Files.readAllLines(Manifests.ROOT.resolve("secrets-example/.gitignore"))).contains("*",
				"!.gitignore", "!kustomization.yaml");
	}

	private static List<HasMetadata> objects(String variant) {
		return variant.equals("production") ? Manifests.production() : Manifests.base();
	}

	private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static <T> T only(List<HasMetadata> objects, Class<T> type) {
		List<T> found = all(objects, type);
		assertThat(found).as(type.getSimpleName()).hasSize(1);
		return found.get(0);
	}

	private static Deployment deployment(List<HasMetadata> objects, String name) {
		return all(objects, Deployment.class).stream()
			.filter(d -> d.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static Service service(List<HasMetadata> objects, String name) {
		return all(objects, Service.class).stream()
			.filter(s -> s.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static NetworkPolicy networkPolicy(List<HasMetadata> objects, String name) {
		return all(objects, NetworkPolicy.class).stream()
			.filter(p -> p.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
	}

	private static PersistentVolumeClaim persistentVolumeClaim(List<HasMetadata> objects) {
		return only(objects, PersistentVolumeClaim.class);
	}

	private static Container container(HasMetadata workload) {
		List<Container> containers = Manifests.containers(workload);
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static String env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter(e -> e.getName().equals(name))
			.map(EnvVar::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
	}

	private static VolumeMount mount(Container container, String path) {
		return container.getVolumeMounts()
			.stream()
			.filter(m -> m.getMountPath().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
	}

}
