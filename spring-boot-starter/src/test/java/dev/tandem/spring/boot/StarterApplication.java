package dev.tandem.spring.boot;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest application: Boot's own DataSource (HikariCP over H2), Actuator, a web server. */
@SpringBootApplication
public class StarterApplication {}
