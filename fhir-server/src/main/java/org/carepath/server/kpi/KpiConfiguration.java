package org.carepath.server.kpi;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.carepath.coordination.kpi.PlaceOfDeathPolicy;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.carepath.server.organisation.OrganisationTree;
import org.carepath.server.pathway.PathwayProperties;
import org.carepath.server.storage.CarepathSchema;
import org.hl7.fhir.r4.model.Measure;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pathway KPIs: the package's Measures, evaluated by {@code Measure/[id]/$evaluate-measure} from
 * the step projection and the recorded places of death.
 */
@Configuration(proxyBeanMethods = false)
public class KpiConfiguration {

  @Bean
  MeasureCatalogue measureCatalogue(PackageResources resources) {
    return new MeasureCatalogue(resources.ofType(Measure.class));
  }

  @Bean
  Kpis kpis(
      DataSource dataSource,
      CarepathSchema schema,
      DaoRegistry daos,
      MeasureCatalogue catalogue,
      OrganisationTree organisations,
      PathwayProperties pathways,
      KpiReach reach,
      Clock clock) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    return new Kpis(
        daos,
        catalogue,
        new PathwayMeasures(jdbc, new PlacesOfDeath(daos, jdbc, new PlaceOfDeathPolicy())),
        organisations::organisationAndBelow,
        reach,
        clock,
        pathways.zone());
  }

  @Bean
  EvaluateMeasureProvider evaluateMeasureProvider(Kpis kpis, Clock clock) {
    return new EvaluateMeasureProvider(kpis, clock);
  }
}
