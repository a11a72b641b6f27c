package org.carepath.server.organisation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import javax.sql.DataSource;
import org.carepath.server.storage.CarepathSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Organisations as every feature sees them: the hierarchy (GP practice → PCN → place → ICS, care
 * homes, providers) and each patient's registered practice. Pathways, referrals, risk, KPIs and
 * worklists read them from here.
 */
@Configuration(proxyBeanMethods = false)
public class OrganisationConfiguration {

  @Bean
  OrganisationTree organisationTree(DaoRegistry daos, DataSource dataSource) {
    return new OrganisationTree(daos, dataSource);
  }

  /** Read from the risk projection's patient row (written in the Patient's transaction). */
  @Bean
  RegisteredPractices registeredPractices(DataSource dataSource, CarepathSchema schema) {
    return new RegisteredPractices(new JdbcTemplate(dataSource));
  }
}
