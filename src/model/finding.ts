import { z } from "zod";

export const severities = ["error", "warning", "info"] as const;
export type Severity = (typeof severities)[number];

/** A patch never invents facts: it only applies what the documentation supports (contract §3). */
export const patchOpSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("add-modifier"), line: z.number().int().min(0), modifier: z.string() }),
  z.object({ op: z.literal("remove-modifier"), line: z.number().int().min(0), modifier: z.string() }),
  z.object({ op: z.literal("set-units"), line: z.number().int().min(0), units: z.number().int().min(0) }),
  z.object({ op: z.literal("replace-code"), line: z.number().int().min(0), code: z.string() }),
  z.object({ op: z.literal("remove-line"), line: z.number().int().min(0) }),
  /**
   * Moves `units` of the line onto a new line right after it that adds `modifier` (CQ or CO
   * on the units an assistant furnished, CMS CQ/CO billing examples step 5); `minutes` and
   * `assistantMinutes` are the documented minutes those units account for, moved with them.
   */
  z.object({
    op: z.literal("split-line"),
    line: z.number().int().min(0),
    units: z.number().int().min(1),
    modifier: z.string(),
    minutes: z.number().int().min(0).optional(),
    assistantMinutes: z.number().int().min(0).optional(),
  }),
  z.object({
    op: z.literal("set-pointers"),
    line: z.number().int().min(0),
    pointers: z.array(z.number().int().min(1)),
  }),
]);
export type PatchOp = z.infer<typeof patchOpSchema>;

export interface Fix {
  description: string;
  patch: PatchOp[];
}

/** What is wrong and how to fix it (contract §3). Plain data: every renderer uses the same objects. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** 0-based indexes into claim.lines. */
  lines: number[];
  message: string;
  carc?: string;
  rarc?: string;
  reference: string;
  fix?: Fix;
  /** Where in the input the problem is: a JSON path or an X12 position such as 2400/SV1-01-2. */
  location?: string;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
