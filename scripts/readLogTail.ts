import { readFile } from "node:fs/promises";

/** The last `lineCount` lines of a log file, or a note if it can't be read. */
export async function readLogTail(
  path: string,
  lineCount: number,
): Promise<string> {
  try {
    const text = (await readFile(path, "utf8")).trimEnd();
    if (text === "") return `(${path} is empty)`;

    return text.split("\n").slice(-lineCount).join("\n");
  } catch (error) {
    return `(could not read ${path}: ${(error as Error).message})`;
  }
}
