package dev.tessera.auth.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * What a person's password must be (NIST SP 800-63B §3.1.1.2 in small): at least 12 and
 * at most 1000 characters; not the username, not containing it and not contained in it;
 * not one of the most common passwords in the list shipped with the server
 * ({@code common-passwords.txt} beside this class, compared case-insensitively), nor one
 * of them with only digits and symbols added before or after it ({@code Password1234!}),
 * nor a shorter sequence repeated ({@code abcabcabcabc}). No composition rules: a long
 * phrase is the better password. Refusals name the field {@code password} and never
 * repeat the password.
 */
public class PasswordPolicy {

	/** The field every refusal names. */
	public static final String FIELD = "password";

	public static final int MIN_LENGTH = 12;

	/**
	 * Long enough for any passphrase, short enough that hashing it costs nothing more.
	 */
	public static final int MAX_LENGTH = 1000;

	/** A username shorter than this is only compared whole, not searched for. */
	static final int MIN_CONTAINED_USERNAME = 4;

	private static final String SHIPPED_LIST = "common-passwords.txt";

	private final Set<String> common;

	/**
	 * @param common the refused passwords, in any case
	 */
	public PasswordPolicy(Set<String> common) {
		Set<String> lower = new HashSet<>();
		common.forEach(password -> lower.add(password.toLowerCase(Locale.ROOT)));
		this.common = Set.copyOf(lower);
	}

	/** The policy with the list shipped with the server. */
	public static PasswordPolicy withShippedList() {
		return new PasswordPolicy(shippedList());
	}

	/**
	 * Everything wrong with this password for this user; empty when it may be used.
	 * @param username whose password it is (may be null when not known yet)
	 */
	public List<FieldProblem> problems(String username, String password) {
		List<FieldProblem> problems = new ArrayList<>();
		if (password == null || password.isEmpty()) {
			problems.add(problem("is required"));
			return problems;
		}
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH) {
			problems.add(problem("must have at least " + MIN_LENGTH + " characters"));
		}
		if (length > MAX_LENGTH) {
			problems.add(problem("must have at most " + MAX_LENGTH + " characters"));
			return problems;
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (username != null && !username.isEmpty() && resembles(lower, username.toLowerCase(Locale.ROOT))) {
			problems.add(problem("must not be the username, contain it or be part of it"));
		}
		if (this.common.contains(lower)) {
			problems.add(problem("is one of the most common passwords"));
		}
		else if (this.common.contains(core(lower))) {
			problems.add(problem("is one of the most common passwords with only digits or symbols added"));
		}
		else if (repeatsShorterSequence(lower)) {
			problems.add(problem("must not be a shorter sequence of characters repeated"));
		}
		else if (commonWithTailOrHead(lower)) {
			problems.add(problem("is one of the most common passwords with only digits or symbols added"));
		}
		return problems;
	}

	/**
	 * Refuses a password that breaks the policy.
	 * @throws InvalidInputProblem naming the field {@code password}, one entry per rule
	 */
	public void check(String username, String password) {
		List<FieldProblem> problems = problems(username, password);
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
	}

	private static boolean resembles(String password, String username) {
		if (password.equals(username)) {
			return true;
		}
		if (username.length() >= MIN_CONTAINED_USERNAME && password.contains(username)) {
			return true;
		}
		return username.contains(password);
	}

	/**
	 * Whether the password is a common one with only digits or symbols before or after
	 * it, where the common one itself is made of digits or symbols ({@code 1234567890} +
	 * {@code 123}), which {@link #core} cannot see: every split into a common part and a
	 * letterless rest is tried.
	 */
	private boolean commonWithTailOrHead(String password) {
		for (int cut = 1; cut < password.length(); cut++) {
			String head = password.substring(0, cut);
			String tail = password.substring(cut);
			if ((this.common.contains(head) && letterless(tail)) || (this.common.contains(tail) && letterless(head))) {
				return true;
			}
		}
		return false;
	}

	private static boolean letterless(String part) {
		return part.chars().noneMatch(Character::isLetter);
	}

	/** The password without the digits and symbols at either end. */
	private static String core(String password) {
		int start = 0;
		int end = password.length();
		while (start < end && !Character.isLetter(password.charAt(start))) {
			start++;
		}
		while (end > start && !Character.isLetter(password.charAt(end - 1))) {
			end--;
		}
		return password.substring(start, end);
	}

	private static boolean repeatsShorterSequence(String password) {
		int length = password.length();
		for (int unit = 1; unit <= length / 2; unit++) {
			if (length % unit == 0 && password.substring(0, unit).repeat(length / unit).equals(password)) {
				return true;
			}
		}
		return false;
	}

	private static FieldProblem problem(String message) {
		return new FieldProblem(FIELD, message);
	}

	private static Set<String> shippedList() {
		try (InputStream in = PasswordPolicy.class.getResourceAsStream(SHIPPED_LIST)) {
			if (in == null) {
				throw new IllegalStateException("The common password list " + SHIPPED_LIST + " is missing");
			}
			Set<String> passwords = new HashSet<>();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isEmpty() && !line.startsWith("#")) {
					passwords.add(line);
				}
			}
			return passwords;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the common password list", ex);
		}
	}

}
