import { InvalidArgumentError } from "commander";

/** A commander argument parser for counts and sizes. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}
