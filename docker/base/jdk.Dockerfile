# A JDK 17 build image from Debian's packages, for machines that cannot pull eclipse-temurin (docker/build-image.sh
# makes it on the debootstrap'd base and passes it to docker/Dockerfile as JDK_IMAGE). binutils: `strip` for the
# jlink runtime's libjvm.so.
ARG BASE_IMAGE=nanoedge-local/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless binutils \
 && rm -rf /var/lib/apt/lists/*
