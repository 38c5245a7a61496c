# The notebook-factory image: the 'factory' launcher, the runner's jars and a class-data archive,
# on a Java 17 runtime. The manifests 'factory export k8s-cronjob' writes run it by default.
#   docker build -t notebook-factory:latest .
#   docker tag notebook-factory:latest REGISTRY/TEAM/notebook-factory:0.1.0
#   docker push REGISTRY/TEAM/notebook-factory:0.1.0
# (podman and buildah take the same commands.) See README, "Running on several machines".

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true package \
 && touch runner/target/.factory-build-stamp
# A Java 17 runtime cut from the JDK: the JRE's modules, plus the compiler and JShell, which the
# kernel uses to run notebook cells (a plain JRE image lacks them). With the JDK's own class-data
# archive, on which the launcher's archive of the factory's classes builds.
RUN jlink --add-modules java.se,jdk.jshell,jdk.compiler,jdk.jdi,jdk.jdwp.agent,jdk.zipfs,\
jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.localedata,jdk.charsets,\
jdk.net,jdk.httpserver,jdk.internal.le,jdk.internal.opt,jdk.attach,jdk.jfr,jdk.naming.dns \
    --generate-cds-archive --strip-debug --no-man-pages --no-header-files --output /jre

FROM debian:bookworm-slim
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      ca-certificates tzdata util-linux \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 factory
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH FACTORY_HOME=/opt/factory
COPY --from=build /jre /opt/java
COPY --from=build /src/bin /opt/factory/bin
COPY --from=build /src/kernel-ext/src/main/resources/dev/nbfactory/kernel/notebook-jvm.options \
     /opt/factory/kernel-ext/src/main/resources/dev/nbfactory/kernel/notebook-jvm.options
# The lists of the jars notebook JVMs start with (bin/factory puts them first; the rest load on demand)
COPY --from=build /src/kernel-ext/target/classes/dev/nbfactory/kernel/kernel.classpath \
     /opt/factory/kernel-ext/target/classes/dev/nbfactory/kernel/kernel.classpath
COPY --from=build /src/runner/target/classes/dev/nbfactory/runner/stage.classpath \
     /opt/factory/runner/target/classes/dev/nbfactory/runner/stage.classpath
COPY --from=build /src/templates /opt/factory/templates
COPY --from=build /src/notebooks /opt/factory/notebooks
COPY --from=build /src/data /opt/factory/data
COPY --from=build /src/runner/target/factory-runner.jar /src/runner/target/.factory-build-stamp \
     /opt/factory/runner/target/
COPY --from=build /src/runner/target/lib /opt/factory/runner/target/lib
COPY --from=build /src/runner/target/native /opt/factory/runner/target/native
# Records the class-data archive now, so every pod starts fast; then the launcher is on the PATH.
RUN /opt/factory/bin/factory --version \
 && ln -s /opt/factory/bin/factory /usr/local/bin/factory
USER factory
WORKDIR /home/factory
ENTRYPOINT ["factory"]
CMD ["--help"]
