package dev.nbfactory.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The kernel's packages depend on each other one way only, and extensions reach the kernel through
 * {@link KernelHost}, never through its class.
 */
@AnalyzeClasses(
    packages = "dev.nbfactory.kernel",
    importOptions = ImportOption.DoNotIncludeTests.class)
class KernelPackagesTest {
  /** The rule the whole project keeps, on the kernel's packages alone. */
  @ArchTest
  static final ArchRule kernelPackagesAreFreeOfCycles =
      slices().matching("dev.nbfactory.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule extensionsSeeTheHostNotTheKernelClass =
      noClasses()
          .that()
          .resideInAPackage("dev.nbfactory.kernel.factory..")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(FactoryKernel.class);
}
