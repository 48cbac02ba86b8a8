package dev.tessera.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tessera's authorization server: the token plane (Spring Security's authorization
 * server, with Tessera's own client store, keys and stateless token service) and, on the
 * same port, the admin REST API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TesseraAuthServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(TesseraAuthServerApplication.class, args);
	}

}
