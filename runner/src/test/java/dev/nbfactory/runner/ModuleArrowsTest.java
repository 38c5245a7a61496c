package dev.nbfactory.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modules' arrows point one way: runner → {kernel-ext, web} → magics → registry, and objects-s3
 * → registry (the S3 store, which only runner and kernel-ext put on a class path). Checked on the
 * compiled classes of every module on the runner's classpath, so a wrong import fails the build.
 */
class ModuleArrowsTest {
  private static final String REGISTRY = "dev.nbfactory.registry..";
  private static final String MAGICS = "dev.nbfactory.magics..";
  private static final String KERNEL = "dev.nbfactory.kernel..";
  private static final String WEB = "dev.nbfactory.web..";
  private static final String RUNNER = "dev.nbfactory.runner..";
  private static final String OBJECTS_S3 = "dev.nbfactory.objects.s3..";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the registry's test helpers come as a test jar, not as test-classes
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.nbfactory");
  }

  @Test
  void everyModuleIsImported() {
    // Without this, a classpath change could make every rule below pass on nothing.
    assertThat(classes.stream().map(JavaClass::getPackageName))
        .anyMatch(p -> p.startsWith("dev.nbfactory.registry"))
        .anyMatch(p -> p.startsWith("dev.nbfactory.magics"))
        .anyMatch(p -> p.startsWith("dev.nbfactory.kernel"))
        .anyMatch(p -> p.startsWith("dev.nbfactory.web"))
        .anyMatch(p -> p.startsWith("dev.nbfactory.runner"))
        .anyMatch(p -> p.startsWith("dev.nbfactory.objects.s3"));
    assertThat(classes.contain("dev.nbfactory.registry.Registry")).isTrue();
    assertThat(classes.contain("dev.nbfactory.runner.cli.FactoryCli")).isTrue();
  }

  @Test
  void theRulesSeeRealDependencies() {
    // The runner does use the registry: a rule forbidding that must fail, or the import is blind.
    assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .resideInAPackage(RUNNER)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(REGISTRY)
                    .check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("dev.nbfactory.runner.cli");
  }

  @Test
  void registryKnowsNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage(REGISTRY)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(MAGICS, KERNEL, WEB, RUNNER, OBJECTS_S3)
        .because(
            "the registry is the bottom of runner → {kernel-ext, web} → magics → registry; it finds"
                + " the S3 store through ServiceLoader, never by name")
        .check(classes);
  }

  @Test
  void theS3StoreKnowsOnlyTheRegistry() {
    noClasses()
        .that()
        .resideInAPackage(OBJECTS_S3)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(MAGICS, KERNEL, WEB, RUNNER)
        .because("objects-s3 → registry: an artifact store knows nothing of notebooks")
        .check(classes);
  }

  @Test
  void noModuleNamesTheS3Store() {
    noClasses()
        .that()
        .resideInAnyPackage(REGISTRY, MAGICS, KERNEL, WEB, RUNNER)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(OBJECTS_S3)
        .because("the registry opens it through ServiceLoader by FACTORY_OBJECTS's scheme")
        .check(classes);
  }

  @Test
  void magicsKnowNeitherKernelNorRunner() {
    noClasses()
        .that()
        .resideInAPackage(MAGICS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(KERNEL, WEB, RUNNER)
        .because("magics are what a notebook calls, whichever kernel or runner executes it")
        .check(classes);
  }

  @Test
  void kernelKnowsNotTheRunner() {
    noClasses()
        .that()
        .resideInAPackage(KERNEL)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(RUNNER)
        .because("the kernel knows nothing of schedules and pipelines")
        .check(classes);
  }

  @Test
  void webKnowsNeitherKernelNorRunner() {
    noClasses()
        .that()
        .resideInAPackage(WEB)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(KERNEL, RUNNER)
        .because("a model server runs no notebook: it needs the registry and the helpers only")
        .check(classes);
  }

  @Test
  void kernelKnowsNotTheWeb() {
    noClasses()
        .that()
        .resideInAPackage(KERNEL)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(WEB)
        .because("the kernel and the server are siblings: neither loads the other")
        .check(classes);
  }

  @Test
  void packagesFormNoCycles() {
    slices()
        .matching("dev.nbfactory.(**)")
        .should()
        .beFreeOfCycles()
        .because("a package cycle makes two packages one, with neither readable alone")
        .check(classes);
  }
}
