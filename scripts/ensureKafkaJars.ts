import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import {
  chmod,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import { join, resolve } from "node:path";

const STAMP_FILE = ".pom-sha256";

/**
 * Makes sure `<kafkaDir>/libs` holds the jars listed in `<kafkaDir>/pom.xml`
 * and returns its path. Maven runs only when the folder is missing or the pom
 * changed since the last fetch (a stamp file in libs keeps the pom's hash).
 */
export async function ensureKafkaJars(kafkaDirGiven: string): Promise<string> {
  // Maven runs inside kafkaDir, so every path handed to it must be absolute.
  const kafkaDir = resolve(kafkaDirGiven);
  const libsDir = join(kafkaDir, "libs");
  const pomHash = await hashFile(join(kafkaDir, "pom.xml"));

  if ((await readStamp(libsDir)) === pomHash) return libsDir;

  // Fetch into a scratch folder and swap it in whole, so jars of an older pom
  // never share the classpath with new ones and an interrupted download never
  // looks complete.
  const scratchDir = await mkdtemp(join(kafkaDir, ".libs-"));
  try {
    await runMaven(kafkaDir, scratchDir);
    await checkJarsPresent(scratchDir);
    await writeFile(join(scratchDir, STAMP_FILE), pomHash);
    // mkdtemp makes the folder private; the jars are not secret.
    await chmod(scratchDir, 0o755);
    await rm(libsDir, { recursive: true, force: true });
    await rename(scratchDir, libsDir);
  } catch (error) {
    await rm(scratchDir, { recursive: true, force: true });
    // Another process may have fetched the same pom at the same time.
    if ((await readStamp(libsDir)) === pomHash) return libsDir;
    throw error;
  }

  return libsDir;
}

async function checkJarsPresent(dir: string): Promise<void> {
  const jars = await readdir(dir);
  if (!jars.some((name) => /^kafka_2\.13-.*\.jar$/.test(name))) {
    throw new Error(
      `Maven finished but ${dir} holds no kafka_2.13 jar; see kafka/pom.xml`,
    );
  }
}

async function hashFile(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

async function readStamp(libsDir: string): Promise<string | undefined> {
  const stampPath = join(libsDir, STAMP_FILE);
  if (!existsSync(stampPath)) return undefined;

  return (await readFile(stampPath, "utf8")).trim();
}

function runMaven(kafkaDir: string, outputDir: string): Promise<void> {
  const args = [
    "-q",
    "-B",
    "dependency:copy-dependencies",
    `-DoutputDirectory=${outputDir}`,
    "-DincludeScope=runtime",
  ];

  return new Promise((resolve, reject) => {
    const maven = spawn("mvn", args, { cwd: kafkaDir, stdio: "pipe" });
    let output = "";
    maven.stdout.on("data", (chunk: Buffer) => (output += chunk));
    maven.stderr.on("data", (chunk: Buffer) => (output += chunk));

    maven.on("error", (error) =>
      reject(
        new Error(
          "Could not run `mvn` to fetch the Kafka jars; install Maven " +
            "(and a JDK 17+) and make sure `mvn` is on PATH.",
          { cause: error },
        ),
      ),
    );
    maven.on("exit", (code) => {
      if (code === 0) return resolve();
      reject(
        new Error(
          `\`mvn dependency:copy-dependencies\` in ${kafkaDir} exited with ` +
            `code ${code}; check network access to Maven Central and ` +
            `kafka/pom.xml. Maven said:\n${output.slice(-4000)}`,
        ),
      );
    });
  });
}
