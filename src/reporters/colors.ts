import { Chalk, type ChalkInstance } from "chalk";

/** The one place colour is decided: chalk honours NO_COLOR / FORCE_COLOR and the TTY. */
export function createColors(enabled?: boolean): ChalkInstance {
  return enabled === undefined ? new Chalk() : new Chalk({ level: enabled ? 1 : 0 });
}
