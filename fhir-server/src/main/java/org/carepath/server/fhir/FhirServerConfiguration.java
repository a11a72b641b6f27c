package org.carepath.server.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.batch2.jobs.imprt.BulkDataImportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * The HAPI FHIR JPA server (R4) on PostgreSQL, served at {@code /fhir}.
 *
 * <p>HAPI's own configuration classes provide the DAOs, search and batch machinery; this class
 * supplies what HAPI leaves to the application (storage settings, the JPA unit on our DataSource)
 * and assembles the REST server with Carepath's interceptors.
 */
@Configuration
@EnableTransactionManagement
@EnableConfigurationProperties(FhirProperties.class)
@Import({
  ThreadPoolFactoryConfig.class,
  JpaR4Config.class,
  HapiJpaConfig.class,
  JpaBatch2Config.class,
  Batch2JobsConfig.class,
  SubscriptionChannelConfig.class
})
public class FhirServerConfiguration {

  @Bean
  JpaStorageSettings jpaStorageSettings(FhirProperties properties) {
    JpaStorageSettings settings = new JpaStorageSettings();
    settings.setFetchSizeDefaultMaximum(properties.maxPageSize());
    settings.setReuseCachedSearchResultsForMillis(
        properties.reuseCachedSearchResults() ? 60_000L : null);
    // Clinical records are corrected with status entered-in-error, never deleted or expunged (no
    // role may delete: RoleAuthorizationInterceptor). With deletes off, HAPI also caches which
    // database row a resource id is — an id can then never be re-used — instead of looking it up
    // for every reference of every write (~10 % of a referral's server time).
    settings.setDeleteEnabled(false);
    settings.setExpungeEnabled(false);
    settings.setDeleteExpungeEnabled(false);
    settings.setAllowMultipleDelete(false);
    // A reference to a resource that does not exist is an error, not a placeholder.
    settings.setAutoCreatePlaceholderReferenceTargets(false);
    settings.setEnforceReferentialIntegrityOnWrite(true);
    // :missing searches (Task?owner:missing=true) are answered by an anti-join on the index tables
    // instead of storing a "missing" row for every absent search parameter of every write (~20 more
    // index rows per Task).
    settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
    settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
    // Carepath's value sets are expanded in memory (validation support chain); HAPI's background
    // pre-expansion needs Hibernate Search, which is off, and only logged errors every few minutes.
    settings.setPreExpandValueSets(false);
    return settings;
  }

  @Bean
  SubscriptionSettings subscriptionSettings() {
    return new SubscriptionSettings();
  }

  @Bean
  PartitionSettings partitionSettings() {
    return new PartitionSettings();
  }

  @Primary
  @Bean
  LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource,
      ConfigurableListableBeanFactory beanFactory,
      FhirContext fhirContext,
      JpaStorageSettings storageSettings) {
    // A Provenance names the version it attributes (what changed, not the record as it is now):
    // HAPI's parser otherwise drops versions from references as it stores them.
    fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths("Provenance.target");
    LocalContainerEntityManagerFactoryBean factory =
        HapiEntityManagerFactoryUtil.newEntityManagerFactory(
            beanFactory, fhirContext, storageSettings);
    factory.setPersistenceUnitName("HAPI_PU");
    factory.setDataSource(dataSource);
    factory.setJpaProperties(hibernateProperties());
    return factory;
  }

  /**
   * Hibernate creates and updates HAPI's schema at start-up (HAPI's documented default for a
   * single-version deployment; docs/adr/0003-hapi-fhir-version.md says how upgrades migrate).
   */
  private static Properties hibernateProperties() {
    Properties properties = new Properties();
    properties.put("hibernate.dialect", HapiFhirPostgresDialect.class.getName());
    properties.put("hibernate.hbm2ddl.auto", "update");
    properties.put("hibernate.jdbc.batch_size", "20");
    properties.put("hibernate.order_inserts", "true");
    properties.put("hibernate.format_sql", "false");
    properties.put("hibernate.show_sql", "false");
    properties.put("hibernate.cache.use_query_cache", "false");
    properties.put("hibernate.cache.use_second_level_cache", "false");
    properties.put("hibernate.search.enabled", "false");
    return properties;
  }

  @Primary
  @Bean
  JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
    return new JpaTransactionManager(entityManagerFactory);
  }

  @Bean
  IfMatchPreconditionInterceptor ifMatchPreconditionInterceptor() {
    return new IfMatchPreconditionInterceptor();
  }

  @Bean
  ConflictRetryInterceptor conflictRetryInterceptor(FhirProperties properties) {
    return new ConflictRetryInterceptor(properties.conflictRetries());
  }

  @Bean
  RequestLimitsInterceptor requestLimitsInterceptor(
      FhirContext fhirContext, FhirProperties properties) {
    return new RequestLimitsInterceptor(fhirContext, properties.maxBundleEntries());
  }

  /** Before the FHIR servlet reads a byte (and before security, so no body is buffered). */
  @Bean
  FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(FhirProperties properties) {
    FilterRegistrationBean<RequestSizeFilter> registration =
        new FilterRegistrationBean<>(new RequestSizeFilter(properties.maxRequestSize().toBytes()));
    registration.addUrlPatterns("/fhir/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  DatabaseUnavailableInterceptor databaseUnavailableInterceptor() {
    return new DatabaseUnavailableInterceptor();
  }

  @Bean
  PrivacySafeErrorLogInterceptor privacySafeErrorLogInterceptor() {
    return new PrivacySafeErrorLogInterceptor();
  }

  @Bean
  RestfulServer restfulServer(
      FhirContext fhirContext,
      FhirProperties properties,
      IFhirSystemDao<?, ?> systemDao,
      ResourceProviderFactory resourceProviders,
      IJpaSystemProvider systemProvider,
      ValueSetOperationProvider valueSetOperations,
      BulkDataExportProvider bulkExport,
      BulkDataImportProvider bulkImport,
      JpaStorageSettings storageSettings,
      ISearchParamRegistry searchParamRegistry,
      IValidationSupport validationSupport,
      DatabaseBackedPagingProvider pagingProvider,
      ObjectProvider<FhirServerInterceptor> interceptors,
      ObjectProvider<FhirOperationProvider> operationProviders,
      IfMatchPreconditionInterceptor ifMatchPrecondition,
      ConflictRetryInterceptor conflictRetry,
      RequestLimitsInterceptor requestLimits,
      DatabaseUnavailableInterceptor databaseUnavailable,
      PrivacySafeErrorLogInterceptor errorLog) {
    // Reject what base FHIR forbids when parsing (unknown elements, invalid codes and dates)
    // instead of silently dropping it.
    fhirContext.setParserErrorHandler(new StrictErrorHandler());

    RestfulServer server = new RestfulServer(fhirContext);
    List<FhirOperationProvider> carepathProviders = operationProviders.orderedStream().toList();
    // A type a feature serves itself (AuditEvents, from the audit store) is not HAPI's to serve.
    Set<Class<?>> servedByFeatures =
        carepathProviders.stream()
            .filter(IResourceProvider.class::isInstance)
            .map(provider -> ((IResourceProvider) provider).getResourceType())
            .collect(Collectors.toSet());
    server.registerProviders(
        resourceProviders.createProviders().stream()
            .filter(
                provider ->
                    !(provider instanceof IResourceProvider typed
                        && servedByFeatures.contains(typed.getResourceType())))
            .toList());
    server.registerProvider(systemProvider);
    server.registerProvider(valueSetOperations);
    // FHIR Bulk Data $export: the bulkexport feature decides who may start one and what it carries.
    server.registerProvider(bulkExport);
    // FHIR Bulk Data $import: the bulkimport feature decides who may start one and from where.
    server.registerProvider(bulkImport);
    carepathProviders.forEach(server::registerProvider);

    JpaCapabilityStatementProvider capabilityStatement =
        new JpaCapabilityStatementProvider(
            server, systemDao, storageSettings, searchParamRegistry, validationSupport);
    capabilityStatement.setImplementationDescription("Carepath FHIR R4 server");
    server.setServerConformanceProvider(capabilityStatement);
    server.setServerName("Carepath");

    pagingProvider.setDefaultPageSize(properties.defaultPageSize());
    pagingProvider.setMaximumPageSize(properties.maxPageSize());
    server.setPagingProvider(pagingProvider);
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setServerAddressStrategy(
        properties.serverAddress().isBlank()
            ? new IncomingRequestAddressStrategy()
            : new HardcodedServerAddressStrategy(properties.serverAddress()));

    server.registerInterceptor(requestLimits);
    server.registerInterceptor(databaseUnavailable);
    server.registerInterceptor(ifMatchPrecondition);
    server.registerInterceptor(conflictRetry);
    server.registerInterceptor(errorLog);
    interceptors.orderedStream().forEach(server::registerInterceptor);
    return server;
  }

  @Bean
  ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer restfulServer) {
    ServletRegistrationBean<RestfulServer> registration =
        new ServletRegistrationBean<>(restfulServer, "/fhir/*");
    registration.setName("fhir");
    registration.setLoadOnStartup(1);
    return registration;
  }
}
