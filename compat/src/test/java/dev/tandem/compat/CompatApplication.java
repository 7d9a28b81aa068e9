package dev.tandem.compat;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest Spring Boot application: what the JDBC starter configures from properties, nothing else. */
@SpringBootApplication
public class CompatApplication {}
