import type { Fix, LogSite } from "../model/types.js";

/**
 * What `no-print`'s fix does with one site: a fix (every printed value is
 * still logged), a suggestion (offered in editors, never applied by
 * `logical fix`: something printed would change), or nothing, with a note
 * saying why the site is left for a human.
 */
export type SiteOutcome =
  { kind: "fix"; fix: Fix } | { kind: "suggestion"; fix: Fix; note: string } | { kind: "left"; note: string };

export type SitePlan = Map<LogSite, SiteOutcome>;
