package dev.tessera.auth.user;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/** The people: {@code app_user} and their roles in {@code app_user_role}. */
public interface AppUserRepository extends JpaRepository<AppUser, String> {

	/**
	 * Whether a user has this name in any case ({@code Alice} and {@code alice} clash).
	 */
	boolean existsByUsernameIgnoreCase(String username);

	/** The enabled users holding the ADMIN role, apart from this one. */
	@Query("select count(u) from AppUser u join u.roles r where u.enabled = true and r = 'ADMIN' and u.username <> :username")
	long countOtherEnabledAdmins(@Param("username") String username);

	/**
	 * Serialises changes to people across every node sharing the database, until the
	 * surrounding transaction ends, so two admins disabling the last two admins at once
	 * cannot both succeed.
	 */
	@Query(value = "select count(*) from (select pg_advisory_xact_lock(7365726173003)) as lock", nativeQuery = true)
	long lockUsersForChange();

	/** Records a successful sign-in: one UPDATE, no read. */
	@Transactional
	@Modifying
	@Query("update AppUser u set u.lastSignInAt = :at where u.username = :username")
	int recordSignIn(@Param("username") String username, @Param("at") Instant at);

	/**
	 * Replaces the hash only if it is still the one the sign-in checked, so a password an
	 * admin set meanwhile is never overwritten by the old password's new hash.
	 */
	@Transactional
	@Modifying
	@Query("update AppUser u set u.passwordHash = :newHash where u.username = :username and u.passwordHash = :oldHash")
	int replaceHash(@Param("username") String username, @Param("oldHash") String oldHash,
			@Param("newHash") String newHash);

}
