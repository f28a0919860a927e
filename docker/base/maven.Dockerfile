# A Maven build image from Debian's packages (Maven 3.8 on the JDK 17 image), for machines that cannot pull
# maven:3.9-eclipse-temurin-17; docker/build-image.sh passes it to docker/Dockerfile as MAVEN_IMAGE. Only the
# JAR_FROM=source build uses it.
ARG JDK_IMAGE=nanoedge-local/jdk:17
FROM ${JDK_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends maven \
 && rm -rf /var/lib/apt/lists/*
