/**
 * The emulator's certificate authority and server certificate. One CA per JVM (optionally kept beside the
 * sandbox data), because aliyun-java-sdk-core builds one JVM-wide HTTP client from the first client's TLS
 * settings and tea caches one OkHttp client per host:port (reference sdk-wire-protocol.md §2.10, §3.8).
 */
package io.kmsmig.emulator.tls;
