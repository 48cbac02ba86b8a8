package dev.tessera.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The machine's crypto floor: how many access-token-sized JWTs the configured algorithm
 * signs per second with Nimbus in a tight loop on every core, with nothing else to do. A
 * token endpoint signs once per token, so this bounds its rate; the report gives tokens/s
 * as a fraction of it. Measured in a child JVM on the servers' {@code java}, because the
 * JDK version changes the figure (ECDSA most of all), and with the JCA provider the
 * server signs with: the JDK's own, or the Amazon Corretto Crypto Provider (native
 * AWS-LC) that Tessera installs first where it loads. Run as a main, it prints
 * {@code key=value} lines.
 */
public final class CryptoFloor {

	/**
	 * @param algorithm JWS algorithm
	 * @param threads signing threads (the machine's cores)
	 * @param signatures signatures in the measured interval
	 * @param elapsed the measured interval
	 * @param javaVersion {@code java.version} of the JVM that signed (the servers' JVM)
	 * @param javaVendor {@code java.vendor} of that JVM
	 * @param javaHome {@code java.home} of that JVM
	 * @param provider the JCA provider that signed
	 */
	public record Result(String algorithm, int threads, long signatures, Duration elapsed, String javaVersion,
			String javaVendor, String javaHome, String provider) {

		public double perSecond() {
			return this.signatures / (this.elapsed.toNanos() / 1e9);
		}

	}

	private CryptoFloor() {
	}

	/**
	 * The name under which the native provider signs, and under which Tessera reports it.
	 */
	static final String NATIVE_PROVIDER = AmazonCorrettoCryptoProvider.PROVIDER_NAME;

	/**
	 * {@code CryptoFloor <alg> <milliseconds> <threads> <provider>}: the provider is
	 * {@code jdk} or {@code native}.
	 */
	public static void main(String[] args) {
		if ("native".equals(args[3])) {
			if (AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() != null) {
				System.out.println("error=the native provider does not load here: "
						+ AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError());
				System.exit(2);
			}
			AmazonCorrettoCryptoProvider.install();
		}
		Result result = measure(args[0], Duration.ofMillis(Long.parseLong(args[1])), Integer.parseInt(args[2]));
		System.out.println("algorithm=" + result.algorithm());
		System.out.println("threads=" + result.threads());
		System.out.println("signatures=" + result.signatures());
		System.out.println("elapsedNanos=" + result.elapsed().toNanos());
		System.out.println("java.version=" + result.javaVersion());
		System.out.println("java.vendor=" + result.javaVendor());
		System.out.println("java.home=" + result.javaHome());
		System.out.println("provider=" + result.provider());
		System.out.flush();
	}

	/** Measures in this JVM, after a short untimed warm-up of the same loop. */
	static Result measure(String algorithm, Duration duration, int threads) {
		JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
		JWSSigner signer = signer(alg);
		JWSHeader header = new JWSHeader.Builder(alg).keyID("floor").type(new JOSEObjectType("at+jwt")).build();
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("http://localhost:9000")
			.subject("0f8fad5b-d9cb-469f-a165-70867728950e")
			.audience("https://api.example.test")
			.claim("client_id", "0f8fad5b-d9cb-469f-a165-70867728950e")
			.claim("scope", "orders:read orders:write")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		Duration warmup = Duration.ofMillis(Math.min(2000, Math.max(300, duration.toMillis() / 2)));
		run(signer, header, claims, warmup, threads);
		long[] measured = run(signer, header, claims, duration, threads);
		return new Result(algorithm, threads, measured[0], Duration.ofNanos(measured[1]),
				System.getProperty("java.version"), System.getProperty("java.vendor"), System.getProperty("java.home"),
				provider(alg));
	}

	/**
	 * @return signatures and elapsed nanoseconds
	 */
	private static long[] run(JWSSigner signer, JWSHeader header, JWTClaimsSet claims, Duration duration, int threads) {
		AtomicLong total = new AtomicLong();
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		long[] end = new long[1];
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				long count = 0;
				long stop = end[0];
				while (System.nanoTime() - stop < 0) {
					SignedJWT jwt = new SignedJWT(header, claims);
					try {
						jwt.sign(signer);
					}
					catch (JOSEException ex) {
						throw new IllegalStateException(ex);
					}
					if (jwt.serialize().isEmpty()) {
						throw new IllegalStateException("empty JWT");
					}
					count++;
				}
				total.addAndGet(count);
			}, "floor-" + t);
			workers.add(worker);
			worker.start();
		}
		long start = System.nanoTime();
		end[0] = start + duration.toNanos();
		go.countDown();
		for (Thread worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return new long[] { total.get(), System.nanoTime() - start };
	}

	/** The provider Nimbus gets for the algorithm's signature, as Tessera asks for it. */
	private static String provider(JWSAlgorithm alg) {
		String jcaName = JWSAlgorithm.ES256.equals(alg) ? "SHA256withECDSA"
				: JWSAlgorithm.PS256.equals(alg) ? "RSASSA-PSS" : "SHA256withRSA";
		try {
			return Signature.getInstance(jcaName).getProvider().getName();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The key Tessera generates for the algorithm: RSA 2048 for RS256 and PS256, P-256
	 * for ES256.
	 */
	private static JWSSigner signer(JWSAlgorithm alg) {
		try {
			if (JWSAlgorithm.ES256.equals(alg)) {
				return new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate());
			}
			return new RSASSASigner(new RSAKeyGenerator(2048).generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs {@link #main} on the servers' {@code java} and reads its answer. */
	static Result inChildJvm(Path java, List<String> jvmArgs, String algorithm, Duration duration, int threads,
			boolean nativeProvider, ChildProcesses children, Deadline deadline) {
		List<String> args = new ArrayList<>(jvmArgs);
		args.add("--enable-native-access=ALL-UNNAMED"); // the native provider loads its
														// library quietly
		List<String> command = JavaRuntime.benchClass(java, args, CryptoFloor.class.getName(), List.of(algorithm,
				String.valueOf(duration.toMillis()), String.valueOf(threads), nativeProvider ? "native" : "jdk"));
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new BenchmarkException("could not start the crypto floor JVM: " + ex.getMessage(), ex);
		}
		Process started = process;
		children.add(new AutoCloseable() {
			@Override
			public void close() {
				started.destroyForcibly();
			}

			@Override
			public String toString() {
				return "the crypto floor JVM";
			}
		});
		try {
			Map<String, String> values = new HashMap<>();
			List<String> output = new ArrayList<>();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					output.add(line);
					int eq = line.indexOf('=');
					if (eq > 0) {
						values.put(line.substring(0, eq), line.substring(eq + 1));
					}
				}
			}
			long wait = Math.max(1000, deadline.remaining().toMillis());
			if (!process.waitFor(wait, TimeUnit.MILLISECONDS) || process.exitValue() != 0
					|| !values.containsKey("signatures")) {
				throw new BenchmarkException("the crypto floor JVM failed:\n" + String.join("\n", output));
			}
			return new Result(values.get("algorithm"), Integer.parseInt(values.get("threads")),
					Long.parseLong(values.get("signatures")),
					Duration.ofNanos(Long.parseLong(values.get("elapsedNanos"))), values.get("java.version"),
					values.get("java.vendor"), values.get("java.home"), values.get("provider"));
		}
		catch (IOException ex) {
			throw new BenchmarkException("could not read the crypto floor JVM: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkException("interrupted", ex);
		}
		finally {
			process.destroyForcibly();
		}
	}

}
