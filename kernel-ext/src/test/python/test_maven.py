"""%maven and %%loadFromPOM: artifacts and their transitive runtime dependencies resolved with
Maven Resolver from the local repository (~/.m2/repository, which holds them) or Maven Central,
then used by the next cell. The kernel under test runs from target/lib, which has none of them."""

from conftest import text_of

JUPITER = "org.junit.jupiter:junit-jupiter-api:5.14.1"


def result_text(outputs):
    return [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]


def test_classes_are_not_there_before(kernel):
    content, _ = kernel.execute("org.opentest4j.AssertionFailedError.class")
    assert content["status"] == "error"
    assert content["ename"] == "CompilationException"


def test_maven_adds_the_artifact_and_its_transitive_dependencies(kernel):
    content, outputs = kernel.execute(f"%maven {JUPITER}")
    assert content["status"] == "ok", content
    printed = text_of(outputs)
    assert "Added 4 jars" in printed
    for dependency in ["opentest4j", "junit-platform-commons", "apiguardian-api"]:
        assert dependency in printed
    # the artifact itself, and a class of a dependency it brought (opentest4j)
    content, outputs = kernel.execute(
        "import org.junit.jupiter.api.Assertions;\n"
        "Assertions.assertEquals(2, 1 + 1);\n"
        "try { Assertions.assertEquals(1, 2); } catch (org.opentest4j.AssertionFailedError e) {"
        " System.out.println(\"caught \" + e.getClass().getSimpleName()); }\n"
        "Assertions.class.getProtectionDomain().getCodeSource().getLocation().getPath()"
    )
    assert content["status"] == "ok", content
    assert text_of(outputs) == "caught AssertionFailedError\n"
    assert result_text(outputs).endswith("/org/junit/jupiter/junit-jupiter-api/5.14.1/junit-jupiter-api-5.14.1.jar")


def test_a_second_maven_of_the_same_coordinates_adds_nothing(kernel):
    content, outputs = kernel.execute(f"%maven {JUPITER}")
    assert content["status"] == "ok", content
    assert text_of(outputs) == f"Already added: {JUPITER}\n"


def test_an_unknown_artifact_is_a_clear_error(kernel):
    content, outputs = kernel.execute("%maven dev.nbfactory.test.missing:nothing-here:0.0.1")
    assert content["status"] == "error"
    assert content["ename"] == "MavenResolutionException"
    assert "dev.nbfactory.test.missing:nothing-here:0.0.1 was not found" in content["evalue"]
    assert "local repository" in content["evalue"] and "/.m2/repository" in content["evalue"]
    assert "https://repo.maven.apache.org/maven2/" in content["evalue"]
    # one line, no Java stack trace
    assert len(content["traceback"]) == 1
    assert "\tat " not in "".join(content["traceback"])


def test_load_from_pom(kernel):
    content, outputs = kernel.execute(
        "%%loadFromPOM\n"
        "<properties><cli.version>1.9.0</cli.version></properties>\n"
        "<dependencies>\n"
        "  <dependency>\n"
        "    <groupId>commons-cli</groupId>\n"
        "    <artifactId>commons-cli</artifactId>\n"
        "    <version>${cli.version}</version>\n"
        "  </dependency>\n"
        "</dependencies>\n"
    )
    assert content["status"] == "ok", content
    assert "commons-cli:commons-cli:1.9.0" in text_of(outputs)
    content, outputs = kernel.execute(
        'new org.apache.commons.cli.Options().addOption("v", "verbose", false, "talk").getOption("v").getLongOpt()'
    )
    assert content["status"] == "ok", content
    assert result_text(outputs) == "verbose"


def test_the_kernel_lists_the_coordinates_it_added(kernel):
    content, outputs = kernel.execute(
        "((dev.nbfactory.kernel.FactoryKernel) org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel())"
        ".mavenCoordinates()"
    )
    assert content["status"] == "ok", content
    assert result_text(outputs) == f"[{JUPITER}, commons-cli:commons-cli:1.9.0]"


def test_help_and_lsmagic(kernel):
    _, outputs = kernel.execute("%lsmagic")
    assert "%maven" in text_of(outputs)
    assert "%%loadFromPOM" in text_of(outputs)
    content, _ = kernel.execute("%maven?")
    assert "G:A:V" in content["payload"][0]["data"]["text/plain"]
    content, _ = kernel.execute("%%loadFromPOM?")
    assert "<dependencies>" in content["payload"][0]["data"]["text/plain"]
