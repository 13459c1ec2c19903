import { join } from "node:path";

export interface JavaCommand {
  command: string;
  args: string[];
}

/**
 * Builds the `java` command line that runs `mainClass` from the Kafka jars,
 * using $JAVA_HOME when it is set.
 */
export function kafkaJavaCommand(
  paths: { libsDir: string; log4jConfig: string },
  mainClass: string,
  mainArgs: string[],
  jvmOptions: string[] = [],
): JavaCommand {
  const javaHome = process.env.JAVA_HOME;
  const command = javaHome ? join(javaHome, "bin", "java") : "java";
  // The JVM expands the `*` itself, so no shell is needed.
  const classPath = join(paths.libsDir, "*");

  return {
    command,
    args: [
      // Only the quick JIT tier: starts about a second sooner on a small
      // machine, and a test broker never runs long enough to miss the rest.
      "-XX:TieredStopAtLevel=1",
      ...jvmOptions,
      `-Dlog4j2.configurationFile=${paths.log4jConfig}`,
      "-cp",
      classPath,
      mainClass,
      ...mainArgs,
    ],
  };
}
